package io.canvass.command.territory;

import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.PlannedStreet;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Plan a district and its streets: the denominator of coverage. */
public record PlanDistrict(
        DistrictId districtId,
        String city,
        String name,
        List<PlannedStreet> streets,
        Instant occurredAt) {

    @TargetAggregateIdentifier
    public String streamId() {
        return districtId.streamId();
    }
}
