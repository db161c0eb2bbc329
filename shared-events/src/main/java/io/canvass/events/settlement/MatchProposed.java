package io.canvass.events.settlement;

import io.canvass.events.EventType;

import java.time.Instant;
import java.util.List;

/**
 * The rules found payments that could be what a statement line settles but not certainly: finance
 * confirms the proposal (a {@link PaymentsMatched} naming it) or matches otherwise. A proposal is
 * open while none of its payments and lines is matched.
 */
@EventType(name = "MatchProposed", revision = "1")
public record MatchProposed(
        StatementSource source,
        String proposalId,
        List<MatchedPayment> payments,
        List<StatementLineId> lines,
        String reason,
        Instant occurredAt) implements StatementEvent {

    public MatchProposed {
        payments = List.copyOf(payments);
        lines = List.copyOf(lines);
    }
}
