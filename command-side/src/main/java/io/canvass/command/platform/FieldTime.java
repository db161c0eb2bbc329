package io.canvass.command.platform;

import io.canvass.platform.web.InvalidField;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When things happened in the field comes from the command (apps sync late), but not from the
 * future: a time more than a few minutes ahead of our clock is a broken device clock.
 */
@Component
public class FieldTime {

    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Clock clock;

    public FieldTime(Clock clock) {
        this.clock = clock;
    }

    public Instant check(Instant occurredAt) {
        if (occurredAt.isAfter(clock.instant().plus(CLOCK_SKEW))) {
            throw new InvalidField("occurredAt", "is in the future");
        }
        return occurredAt;
    }

    public Instant orNow(Instant occurredAt) {
        return occurredAt == null ? clock.instant().truncatedTo(ChronoUnit.MILLIS) : check(occurredAt);
    }
}
