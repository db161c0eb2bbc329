package io.canvass.events.territory;

import io.canvass.events.Identifier;

/** Identifies a Street of the project manager's plan. */
public record StreetId(String value) implements Identifier {

    public StreetId {
        Identifier.requireValid(value, "StreetId");
    }

    @Override
    public String toString() {
        return value;
    }
}
