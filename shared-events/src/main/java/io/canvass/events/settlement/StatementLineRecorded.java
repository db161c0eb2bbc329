package io.canvass.events.settlement;

import io.canvass.events.EventType;
import io.canvass.events.Money;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A line of a source's statement, recorded once whatever file brings it again: money that landed
 * ({@code amount} positive) or left, a refund ({@code amount} negative), on the statement's local
 * {@code day}. {@code reference} is the line's text where a receipt number may be found (never the
 * payer's name or account: the log is forever). {@code layout} and {@code fileDigest} (SHA-256 of
 * the file as sent, in hex) say which import brought it.
 */
@EventType(name = "StatementLineRecorded", revision = "1")
public record StatementLineRecorded(
        StatementSource source,
        StatementLineId lineId,
        LocalDate day,
        Money amount,
        String reference,
        String layout,
        String fileDigest,
        Instant occurredAt) implements StatementEvent {
}
