package io.canvass.command.territory;

import io.canvass.command.platform.RuleViolation;
import io.canvass.command.platform.Streams;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/** Answers from the District aggregate itself, so the check never lags behind the plan. */
@Component
class DistrictStreetPlan implements StreetPlan {

    private final Repository<District> districts;
    private final Streams streams;

    DistrictStreetPlan(Repository<District> districts, Streams streams) {
        this.districts = districts;
        this.streams = streams;
    }

    @Override
    public void requirePlanned(DistrictId districtId, StreetId streetId) {
        if (!streams.exists(districtId)) {
            throw new RuleViolation("district " + districtId + " is not planned");
        }
        Aggregate<District> district = districts.load(districtId.streamId());
        if (!district.invoke(plan -> plan.plans(streetId))) {
            throw new RuleViolation("street " + streetId + " is not planned in district " + districtId);
        }
    }
}
