package io.canvass.events.contract;

import io.canvass.events.Identifier;

/** Identifies a Payment; chosen by the client, so that a retry carries the same id. */
public record PaymentId(String value) implements Identifier {

    public PaymentId {
        Identifier.requireValid(value, "PaymentId");
    }

    @Override
    public String toString() {
        return value;
    }
}
