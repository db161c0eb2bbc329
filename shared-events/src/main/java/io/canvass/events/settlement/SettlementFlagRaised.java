package io.canvass.events.settlement;

import io.canvass.events.EventType;
import io.canvass.events.Money;

import java.time.Instant;

/**
 * A settlement flag fell due and was recorded, in the statement of the source it concerns, by the
 * deadline that watches it (or, for {@code AMOUNT_DIFFERS}, with the match that differs, which is
 * due at once). Its subject is {@code payment} (UNSETTLED), {@code lineId} (UNKNOWN_RECEIPT) or
 * {@code matchId} (AMOUNT_DIFFERS); the others are null. {@code amount} is the payment's or line's
 * amount, or the difference (payments less lines) of the match; {@code days} the threshold it was
 * recorded with (0 for AMOUNT_DIFFERS); {@code occurredAt} the moment it fell due.
 */
@EventType(name = "SettlementFlagRaised", revision = "1")
public record SettlementFlagRaised(
        StatementSource source,
        SettlementFlag flag,
        MatchedPayment payment,
        StatementLineId lineId,
        String matchId,
        Money amount,
        int days,
        Instant occurredAt) implements StatementEvent {

    /** What the flag is about, the same in the event that clears it. */
    public String subject() {
        return SettlementFlagCleared.subject(flag, payment, lineId, matchId);
    }
}
