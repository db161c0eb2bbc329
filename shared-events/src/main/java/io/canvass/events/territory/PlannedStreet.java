package io.canvass.events.territory;

import java.util.Objects;

/** A street of a district's plan. */
public record PlannedStreet(StreetId streetId, String name) {

    public PlannedStreet {
        Objects.requireNonNull(streetId, "streetId");
        Objects.requireNonNull(name, "name");
    }
}
