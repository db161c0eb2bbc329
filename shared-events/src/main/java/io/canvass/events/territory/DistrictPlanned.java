package io.canvass.events.territory;

import io.canvass.events.EventType;

import java.time.Instant;
import java.util.List;

/** The project manager divided the city and planned a district with its streets. */
@EventType(name = "DistrictPlanned", revision = "1")
public record DistrictPlanned(
        DistrictId districtId,
        String city,
        String name,
        List<PlannedStreet> streets,
        Instant occurredAt) implements DistrictEvent {

    public DistrictPlanned {
        streets = List.copyOf(streets);
    }
}
