package io.canvass.query.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How batches reach the read models, for answers waiting for them and for whoever measures it.
 * Waiting answers ({@link Freshness#await}) are woken when a batch is done, so that they look
 * again at once instead of at their next poll. The metric {@code canvass.projection.phase} times
 * the path from commit to "applied" (docs/freshness.md): {@code delivered}, each event from when
 * it was recorded to its batch's start (the command's commit, the notification, the fetch, the
 * hand-over); {@code applied}, each batch's writes to the read models; {@code stored}, from there
 * to the batch's end (its token stored).
 */
@Component
public class ProjectionProgress {

    private final Object monitor = new Object();
    private final Clock clock;
    private final Timer delivered;
    private final Timer applied;
    private final Timer stored;
    private long batches;

    ProjectionProgress(MeterRegistry metrics, Clock clock) {
        this.clock = clock;
        this.delivered = phase(metrics, "delivered");
        this.applied = phase(metrics, "applied");
        this.stored = phase(metrics, "stored");
    }

    private static Timer phase(MeterRegistry metrics, String phase) {
        return Timer.builder("canvass.projection.phase").tag("phase", phase)
                .description("The path from a command's commit to its event applied to the read models, phase by phase")
                .register(metrics);
    }

    /** A batch is about to be applied: how long its events took to get here. */
    void starting(List<Projector.Delivery> batch) {
        java.time.Instant now = clock.instant();
        for (Projector.Delivery delivery : batch) {
            if (delivery.recordedAt() != null) {
                delivered.record(Duration.between(delivery.recordedAt(), now));
            }
        }
    }

    /** A batch was applied to the read models, in {@code nanos}. */
    void applied(long nanos) {
        applied.record(Duration.ofNanos(nanos));
    }

    /** A batch is done, its token stored {@code nanos} after it was applied: wakes the waiting answers. */
    void advanced(long nanos) {
        stored.record(Duration.ofNanos(nanos));
        synchronized (monitor) {
            batches++;
            monitor.notifyAll();
        }
    }

    /** Waits until the next batch is done, or {@code atMost}; false when the thread was interrupted. */
    boolean awaitNext(Duration atMost) {
        synchronized (monitor) {
            long seen = batches;
            long deadline = System.nanoTime() + atMost.toNanos();
            try {
                for (long left = atMost.toNanos(); batches == seen && left > 0; left = deadline - System.nanoTime()) {
                    monitor.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return true;
        }
    }
}
