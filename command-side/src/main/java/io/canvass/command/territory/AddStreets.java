package io.canvass.command.territory;

import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.PlannedStreet;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Add streets to a planned district. */
public record AddStreets(
        DistrictId districtId,
        List<PlannedStreet> streets,
        Instant occurredAt) {

    @TargetAggregateIdentifier
    public String streamId() {
        return districtId.streamId();
    }
}
