package io.canvass.query.ledger;

import io.canvass.events.Money;

import java.time.Instant;

/**
 * One thing that happened to a contract, as the ledger keeps it: what, when in the field
 * ({@code occurredAt}), when recorded, and its figures. Fields that do not apply are null.
 *
 * @param ref the payment, installation or correction id; for {@code FLAGGED} and {@code UNFLAGGED}, the
 *            flag (BALANCE_OVERDUE or DEPOSIT_IDLE) a deadline recorded or its clearing took away
 * @param paymentRef for a correction, the payment it corrects
 */
public record Fact(long sequence, long position, Kind kind, Instant occurredAt, Instant recordedAt,
                   String ref, String paymentRef, Money amount, Integer units) {

    public enum Kind {
        SIGNED, DEPOSIT, INSTALLATION, BALANCE, CANCELLED, CORRECTION,
        /** A follow-up flag recorded by its deadline, at the moment it fell due (not field work: no figure moves). */
        FLAGGED,
        /** A follow-up flag cleared by the field work that took its reason away. */
        UNFLAGGED
    }
}
