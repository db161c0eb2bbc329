package io.canvass.platform.web;

import io.canvass.events.period.PeriodId;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The times Canvass accepts, so that everything stored can be read, stored again and computed on
 * by every reader (a field time of year -999999999 once stopped the projections for good):
 * a field time ({@code occurredAt}) from {@code earliest} to {@code maxAhead} past the server's
 * clock (a device clock a little fast is fine, a date in the future is not); a date or instant
 * asked for in a query from {@code earliest}'s day to {@link #LAST_DATE}.
 *
 * @param earliest the earliest field time (default 2000-01-01T00:00:00Z); configurable as
 *                 {@code canvass.field-time.earliest}
 * @param maxAhead how far ahead of the server's clock a field time may be (default 5 minutes)
 */
@ConfigurationProperties("canvass.field-time")
public record TimeWindow(Instant earliest, Duration maxAhead) {

    /** The last day a query may ask about. */
    public static final LocalDate LAST_DATE = LocalDate.of(2999, 12, 31);

    public TimeWindow {
        earliest = earliest == null ? Instant.parse("2000-01-01T00:00:00Z") : earliest;
        maxAhead = maxAhead == null ? Duration.ofMinutes(5) : maxAhead;
    }

    public LocalDate firstDate() {
        return earliest.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** Whether a date asked for in a query is within the window. */
    public boolean allows(LocalDate date) {
        return !date.isBefore(firstDate()) && !date.isAfter(LAST_DATE);
    }

    /** Whether an instant asked for in a query is within the window. */
    public boolean allows(Instant instant) {
        return !instant.isBefore(earliest) && instant.isBefore(LAST_DATE.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    /** The window of query dates, in words for an error message. */
    public String dates() {
        return "from " + firstDate() + " to " + LAST_DATE;
    }

    /**
     * A month named in a path ({@code 2026-03}) whose days are all within the window of query
     * dates; anything else (2026-13, a year a billion away, text) is a 400 naming the field.
     */
    public YearMonth month(String field, String text) {
        YearMonth month;
        try {
            month = new PeriodId(text).month();
        } catch (IllegalArgumentException e) {
            throw new InvalidField(field, "must be a month such as 2026-03");
        }
        if (!allows(month.atDay(1)) || !allows(month.atEndOfMonth())) {
            throw new InvalidField(field, "must be a month " + dates());
        }
        return month;
    }
}
