package io.canvass.query.engine;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The event store as the projections' source, with streams that tell the processor to look for
 * events every {@code interval}. Axon's pooled processor, when its stream cannot announce new
 * events (the embedded event store's cannot), looks again only after 500 ms: measured, that was
 * most of the time from a command's answer to the read model showing it. The nudge only asks the
 * processor's coordinator to check its stream, in memory and on its own thread; the stream itself
 * is read exactly as before.
 */
final class WakingMessageSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private final StreamableMessageSource<TrackedEventMessage<?>> delegate;
    private final Duration interval;
    private final BooleanSupplier held;
    private final ScheduledExecutorService nudges = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projections-nudge");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param held while true, streams opened deliver nothing (no generation of the read models has
     *             been built yet: the projections wait for the first, built in bulk, whose switch
     *             restarts them)
     */
    WakingMessageSource(StreamableMessageSource<TrackedEventMessage<?>> delegate, Duration interval, BooleanSupplier held) {
        this.delegate = delegate;
        this.interval = interval;
        this.held = held;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return held.getAsBoolean() ? new HeldStream() : new WakingStream(delegate.openStream(trackingToken));
    }

    /** A stream with nothing in it, until the processor is restarted. */
    private static final class HeldStream implements BlockingStream<TrackedEventMessage<?>> {

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.empty();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            unit.sleep(timeout);
            return false;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            throw new IllegalStateException("the projections wait for the first generation of the read models");
        }

        @Override
        public void close() {
        }
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return delegate.createTokenSince(duration);
    }

    @Override
    public void close() {
        nudges.shutdownNow();
    }

    private final class WakingStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> stream;
        private volatile ScheduledFuture<?> nudging;

        WakingStream(BlockingStream<TrackedEventMessage<?>> stream) {
            this.stream = stream;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            long millis = Math.max(1, interval.toMillis());
            nudging = nudges.scheduleWithFixedDelay(callback, millis, millis, TimeUnit.MILLISECONDS);
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return stream.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return stream.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            ScheduledFuture<?> running = nudging;
            if (running != null) {
                running.cancel(false);
            }
            stream.close();
        }
    }
}
