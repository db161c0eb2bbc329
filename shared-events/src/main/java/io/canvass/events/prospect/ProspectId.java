package io.canvass.events.prospect;

import io.canvass.events.Identifier;
import io.canvass.events.Identifiers;

/** Identifies a business visited in the field, as the field app named it. */
public record ProspectId(String value) implements Identifier {

    public ProspectId {
        Identifiers.requireValid(value, "prospectId");
    }

    @Override
    public String toString() {
        return value;
    }
}
