package io.canvass.events.territory;

import io.canvass.events.EventType;

import java.time.Instant;
import java.util.List;

/** The project manager added streets to a planned district (the plan grows; it never shrinks). */
@EventType(name = "StreetsAdded", revision = "1")
public record StreetsAdded(
        DistrictId districtId,
        List<PlannedStreet> streets,
        Instant occurredAt) implements DistrictEvent {

    public StreetsAdded {
        streets = List.copyOf(streets);
    }
}
