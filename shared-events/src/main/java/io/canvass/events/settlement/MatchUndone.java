package io.canvass.events.settlement;

import io.canvass.events.EventType;

import java.time.Instant;
import java.util.List;

/**
 * Finance undid a match: its payments and lines (named again, so that a reader needs no other event)
 * are unmatched again, and the rules never make it again by themselves.
 */
@EventType(name = "MatchUndone", revision = "1")
public record MatchUndone(
        StatementSource source,
        String matchId,
        List<MatchedPayment> payments,
        List<StatementLineId> lines,
        String reason,
        Instant occurredAt) implements StatementEvent {

    public MatchUndone {
        payments = List.copyOf(payments);
        lines = List.copyOf(lines);
    }
}
