package io.canvass.events.prospect;

import io.canvass.events.Identifier;
import io.canvass.events.StreamIdentifier;

/** Identifies a business visited in the field, as the field app named it. */
public record ProspectId(String value) implements StreamIdentifier {

    /** Prefix of this aggregate type's stream ids in the event store. */
    public static final String STREAM = "prospect:";

    public ProspectId {
        Identifier.requireValid(value, "prospectId");
    }

    @Override
    public String streamId() {
        return STREAM + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
