package io.canvass.query.platform;

import io.canvass.platform.web.InvalidField;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** A range of local days asked for as {@code from} and {@code to}, both included. */
public final class DateRange {

    private DateRange() {
    }

    /** Refuses (400, naming {@code to}) a range that ends before it starts or spans more than {@code maxDays}. */
    public static void check(LocalDate from, LocalDate to, int maxDays) {
        if (to.isBefore(from)) {
            throw new InvalidField("to", "to must not be before from");
        }
        if (ChronoUnit.DAYS.between(from, to) >= maxDays) {
            throw new InvalidField("to", "a range is at most " + maxDays + " days");
        }
    }
}
