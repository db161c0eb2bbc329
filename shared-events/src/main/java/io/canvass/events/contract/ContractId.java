package io.canvass.events.contract;

import io.canvass.events.Identifier;
import io.canvass.events.Identifiers;

/** Identifies a Contract; chosen by the client, so that a retry carries the same id. */
public record ContractId(String value) implements Identifier {

    public ContractId {
        Identifiers.requireValid(value, "ContractId");
    }

    @Override
    public String toString() {
        return value;
    }
}
