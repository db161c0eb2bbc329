package io.canvass.events.territory;

import io.canvass.events.Identifier;
import io.canvass.events.Identifiers;

/** Identifies a District of the project manager's plan. */
public record DistrictId(String value) implements Identifier {

    public DistrictId {
        Identifiers.requireValid(value, "DistrictId");
    }

    @Override
    public String toString() {
        return value;
    }
}
