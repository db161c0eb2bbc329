package io.canvass.events.period;

import io.canvass.events.StreamIdentifier;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/**
 * Identifies the closing of one local calendar month of the branch ({@code 2026-03}): its closes
 * and reopenings are one stream, so they are decided one after the other.
 */
public record PeriodId(String value) implements StreamIdentifier {

    /** Prefix of this aggregate type's stream ids in the event store. */
    public static final String STREAM = "period:";

    public PeriodId {
        if (value == null || !value.matches("[0-9]{4}-[0-9]{2}")) {
            throw new IllegalArgumentException("PeriodId must be a month such as 2026-03: " + value);
        }
        try {
            YearMonth.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("PeriodId must be a month such as 2026-03: " + value);
        }
    }

    public static PeriodId of(YearMonth month) {
        return new PeriodId(month.toString());
    }

    public YearMonth month() {
        return YearMonth.parse(value);
    }

    @Override
    public String streamId() {
        return STREAM + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
