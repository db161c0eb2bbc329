package io.canvass.command.platform;

import io.canvass.platform.web.InvalidField;
import io.canvass.platform.web.TimeWindow;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When things happened in the field comes from the command (apps sync late), within the
 * {@link TimeWindow}: not before its earliest time (a year -999999999 is a broken client, and
 * once stored it is forever), and not more than a few minutes ahead of our clock (a broken device
 * clock). Every command's field time goes through here.
 */
@Component
public class FieldTime {

    private final Clock clock;
    private final TimeWindow window;

    public FieldTime(Clock clock, TimeWindow window) {
        this.clock = clock;
        this.window = window;
    }

    public Instant check(Instant occurredAt) {
        if (occurredAt.isBefore(window.earliest())) {
            throw new InvalidField("occurredAt", "must not be before " + window.earliest());
        }
        if (occurredAt.isAfter(clock.instant().plus(window.maxAhead()))) {
            throw new InvalidField("occurredAt", "is in the future (more than " + window.maxAhead().toMinutes()
                    + " minutes ahead of the server's clock)");
        }
        return occurredAt;
    }

    public Instant orNow(Instant occurredAt) {
        return occurredAt == null ? clock.instant().truncatedTo(ChronoUnit.MILLIS) : check(occurredAt);
    }
}
