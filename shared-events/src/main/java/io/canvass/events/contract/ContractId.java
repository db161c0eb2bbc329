package io.canvass.events.contract;

import io.canvass.events.Identifier;
import io.canvass.events.StreamIdentifier;

/** Identifies a Contract; chosen by the client, so that a retry carries the same id. */
public record ContractId(String value) implements StreamIdentifier {

    /** Prefix of this aggregate type's stream ids in the event store. */
    public static final String STREAM = "contract:";

    public ContractId {
        Identifier.requireValid(value, "ContractId");
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
