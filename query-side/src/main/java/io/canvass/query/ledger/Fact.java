package io.canvass.query.ledger;

import io.canvass.events.Money;

import java.time.Instant;

/**
 * One thing that happened to a contract, as the ledger keeps it: what, when in the field
 * ({@code occurredAt}), when recorded, and its figures. Fields that do not apply are null.
 *
 * @param ref the payment, installation or correction id
 * @param paymentRef for a correction, the payment it corrects
 */
public record Fact(long sequence, long position, Kind kind, Instant occurredAt, Instant recordedAt,
                   String ref, String paymentRef, Money amount, Integer units) {

    public enum Kind {
        SIGNED, DEPOSIT, INSTALLATION, BALANCE, CANCELLED, CORRECTION
    }
}
