package io.canvass.query.platform;

import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Tells answers waiting for the read models ({@link Freshness#await}) that a batch was applied
 * here, so that they look again at once instead of at their next poll: measured, the poll was
 * part of the time from a command's answer to its reader's.
 */
@Component
public class ProjectionProgress {

    private final Object monitor = new Object();
    private long batches;

    /** A batch was applied and its token stored. */
    void advanced() {
        synchronized (monitor) {
            batches++;
            monitor.notifyAll();
        }
    }

    /** Waits until the next batch is applied, or {@code atMost}; false when the thread was interrupted. */
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
