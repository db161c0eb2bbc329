package io.canvass.events.settlement;

import io.canvass.events.EventType;

import java.time.Instant;

/**
 * A settlement flag no longer holds: its payment or line was matched ({@code matchId} the match),
 * or the match whose amounts differed was undone ({@code matchId} that match). The subject is named
 * as in the {@link SettlementFlagRaised} it clears; {@code occurredAt} is when finance (or the rules)
 * recorded the match or undo.
 */
@EventType(name = "SettlementFlagCleared", revision = "1")
public record SettlementFlagCleared(
        StatementSource source,
        SettlementFlag flag,
        MatchedPayment payment,
        StatementLineId lineId,
        String matchId,
        String reason,
        Instant occurredAt) implements StatementEvent {

    public String subject() {
        return subject(flag, payment, lineId, matchId);
    }

    /** A flag's subject as one text: the flag and the payment's key, the line id or the match id. */
    static String subject(SettlementFlag flag, MatchedPayment payment, StatementLineId lineId, String matchId) {
        return flag + " " + switch (flag) {
            case UNSETTLED -> payment.key();
            case UNKNOWN_RECEIPT -> lineId.value();
            case AMOUNT_DIFFERS -> matchId;
        };
    }
}
