package io.canvass.query.platform;

import io.canvass.platform.web.InvalidField;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the read models reflect: the global position the projections have processed, and when the
 * event at that position was recorded. A reader that just wrote passes the position it was given
 * as {@code minPosition}; the answer waits, within a bound, until the read models got that far.
 */
@Component
public class Freshness {

    public static final String PROCESSING_GROUP = "projections";

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate eventStore;
    private final CanvassSettings settings;
    private final Clock clock;
    private final StoredTokens storedTokens;

    Freshness(EventProcessingConfiguration processing, JdbcTemplate eventStore, CanvassSettings settings, Clock clock,
              StoredTokens storedTokens) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.settings = settings;
        this.clock = clock;
        this.storedTokens = storedTokens;
    }

    /** @param position the last global position reflected, or -1 before the first event */
    public record AsOf(long position, Instant recordedAt) {
    }

    /** @param stale true when minPosition was asked for and not reached in time */
    public record Read(AsOf asOf, boolean stale) {
    }

    public Read await(Long minPosition) {
        if (minPosition == null) {
            return new Read(asOf(), false);
        }
        if (minPosition < 0) {
            throw new InvalidField("minPosition", "minPosition must be 0 or more");
        }
        Instant deadline = clock.instant().plus(settings.freshnessWait());
        long position = position();
        while (position < minPosition && clock.instant().isBefore(deadline)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            position = position();
        }
        return new Read(asOf(), position < minPosition);
    }

    public AsOf asOf() {
        long position = position();
        if (position < 0) {
            return new AsOf(-1, null);
        }
        List<String> recorded = eventStore.queryForList(
                "select time_stamp from domain_event_entry where global_index = ?", String.class, position);
        return new AsOf(position, recorded.isEmpty() ? null : Instant.parse(recorded.get(0)));
    }

    /**
     * The position every segment of the projections has reached (the lowest of them), or -1 before
     * anything was processed. Segments claimed by this instance answer from memory; when another
     * instance holds them all, from the tokens it stored.
     */
    public long position() {
        Map<Integer, EventTrackerStatus> status = processor().processingStatus();
        if (status.isEmpty()) {
            return storedTokens.lowestPosition(PROCESSING_GROUP);
        }
        long lowest = Long.MAX_VALUE;
        for (EventTrackerStatus segment : status.values()) {
            OptionalLong current = segment.getCurrentPosition();
            if (current.isEmpty()) {
                return -1;
            }
            lowest = Math.min(lowest, current.getAsLong());
        }
        return lowest;
    }

    /**
     * Whether the read models are complete: every segment claimed here has caught up with the
     * event store's head, or, on an instance that holds no segment (another one does), the stored
     * tokens have reached the head.
     */
    public boolean caughtUp() {
        if (!processor().isRunning()) {
            return false;
        }
        Map<Integer, EventTrackerStatus> status = processor().processingStatus();
        if (status.isEmpty()) {
            Long head = eventStore.queryForObject("select coalesce(max(global_index), -1) from domain_event_entry", Long.class);
            long stored = storedTokens.lowestPosition(PROCESSING_GROUP);
            return stored >= head && (stored >= 0 || head < 0) && storedTokens.initialized(PROCESSING_GROUP);
        }
        return status.values().stream().allMatch(segment -> segment.isCaughtUp() && !segment.isErrorState());
    }

    public StreamingEventProcessor processor() {
        return processing.eventProcessor(PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor " + PROCESSING_GROUP));
    }
}
