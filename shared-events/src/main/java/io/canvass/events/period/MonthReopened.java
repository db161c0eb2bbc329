package io.canvass.events.period;

import io.canvass.events.EventType;

import java.time.Instant;

/** Finance reopened a closed month, for a reason (who is in the metadata); earlier closes stay recorded. */
@EventType(name = "MonthReopened", revision = "1")
public record MonthReopened(
        PeriodId periodId,
        String reason,
        Instant occurredAt) implements PeriodEvent {
}
