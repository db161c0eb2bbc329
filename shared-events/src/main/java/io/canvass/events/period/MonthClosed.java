package io.canvass.events.period;

import io.canvass.events.EventType;

import java.time.Instant;

/**
 * Finance closed the month. {@code position} is the event store's global position the close was
 * made at (the last event stored when it was decided): the month's statement as closed is worked
 * out from the events up to it, so it is a function of stored events only and never changes; the
 * month's field work stored after it is listed as adjustments after close.
 *
 * @param reason why, as finance gave it; null when none was given (who is in the metadata)
 */
@EventType(name = "MonthClosed", revision = "1")
public record MonthClosed(
        PeriodId periodId,
        long position,
        String reason,
        Instant occurredAt) implements PeriodEvent {
}
