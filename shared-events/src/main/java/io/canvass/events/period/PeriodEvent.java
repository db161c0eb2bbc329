package io.canvass.events.period;

import java.time.Instant;

/** What finance recorded of a month's closing (docs/domain.md, "Closing a month"). */
public sealed interface PeriodEvent permits MonthClosed, MonthReopened {

    PeriodId periodId();

    /** When finance recorded it. */
    Instant occurredAt();
}
