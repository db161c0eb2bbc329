package io.canvass.events.territory;

import io.canvass.events.Identifier;
import io.canvass.events.StreamIdentifier;

/** Identifies a District of the project manager's plan. */
public record DistrictId(String value) implements StreamIdentifier {

    /** Prefix of this aggregate type's stream ids in the event store. */
    public static final String STREAM = "district:";

    public DistrictId {
        Identifier.requireValid(value, "DistrictId");
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
