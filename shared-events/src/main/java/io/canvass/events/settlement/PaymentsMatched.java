package io.canvass.events.settlement;

import io.canvass.events.EventType;

import java.time.Instant;
import java.util.List;

/**
 * Payments are settled by statement lines of the source: one payment to one line, several payments
 * to one line (a cash slip), or one payment to several lines. {@code how} says whether the rules
 * made it ({@code reason} names the rule), finance confirmed {@code proposalId}, or finance chose
 * it; who did is in the event's metadata. Amounts may differ only in a confirmed or manual match.
 */
@EventType(name = "PaymentsMatched", revision = "1")
public record PaymentsMatched(
        StatementSource source,
        String matchId,
        List<MatchedPayment> payments,
        List<StatementLineId> lines,
        MatchKind how,
        String proposalId,
        String reason,
        Instant occurredAt) implements StatementEvent {

    public PaymentsMatched {
        payments = List.copyOf(payments);
        lines = List.copyOf(lines);
    }
}
