package io.canvass.command.territory;

import io.canvass.command.platform.RuleViolation;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/** Answers from the District aggregate itself, so the check never lags behind the plan. */
@Component
class DistrictStreetPlan implements StreetPlan {

    private final Repository<District> districts;

    DistrictStreetPlan(Repository<District> districts) {
        this.districts = districts;
    }

    @Override
    public void requirePlanned(DistrictId districtId, StreetId streetId) {
        Aggregate<District> district;
        try {
            district = districts.load(districtId.streamId());
        } catch (AggregateNotFoundException e) {
            throw new RuleViolation("district " + districtId + " is not planned");
        }
        if (!district.invoke(plan -> plan.plans(streetId))) {
            throw new RuleViolation("street " + streetId + " is not planned in district " + districtId);
        }
    }
}
