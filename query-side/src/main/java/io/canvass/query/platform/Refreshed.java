package io.canvass.query.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A figure worked out from the read models at most once per interval, whatever the scrape rate
 * of the gauges that show it. When the read models are unreachable it keeps the last figure
 * rather than report zeros, and tries again at the next read.
 */
public final class Refreshed<T> {

    private final Supplier<T> compute;
    private final Duration interval;
    private final Clock clock;
    private Instant refreshedAt = Instant.EPOCH;
    private T value;

    public Refreshed(T initial, Supplier<T> compute, Duration interval, Clock clock) {
        this.value = initial;
        this.compute = compute;
        this.interval = interval;
        this.clock = clock;
    }

    public synchronized T get() {
        Instant now = clock.instant();
        if (Duration.between(refreshedAt, now).compareTo(interval) >= 0) {
            try {
                value = compute.get();
                refreshedAt = now;
            } catch (RuntimeException e) {
                refreshedAt = Instant.EPOCH;
            }
        }
        return value;
    }
}
