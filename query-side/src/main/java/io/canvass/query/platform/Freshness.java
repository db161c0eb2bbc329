package io.canvass.query.platform;

import io.canvass.platform.web.NullWhen;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.canvass.platform.web.InvalidField;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.WrappedToken;
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
    private final DeadLetters deadLetters;
    private final ReadModelGenerations generations;

    Freshness(EventProcessingConfiguration processing, JdbcTemplate eventStore, CanvassSettings settings, Clock clock,
              StoredTokens storedTokens, DeadLetters deadLetters, ReadModelGenerations generations) {
        this.generations = generations;
        this.processing = processing;
        this.eventStore = eventStore;
        this.settings = settings;
        this.clock = clock;
        this.storedTokens = storedTokens;
        this.deadLetters = deadLetters;
    }

    /**
     * @param position   the last global position reflected, or -1 before the first event
     * @param parked     the streams (contracts, prospects, districts) with an event the read models could
     *                   not apply: their figures stop before it (absent when there are none)
     */
    public record AsOf(long position, @NullWhen("no event has been applied yet (position -1)") Instant recordedAt,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DeadLetters.Parked> parked) {
    }

    /**
     * @param stale true when minPosition was asked for and not reached in time, or an event up to it
     *              is parked (not applied)
     */
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
        AsOf asOf = asOf();
        return new Read(asOf, position < minPosition
                || asOf.parked().stream().anyMatch(parked -> parked.position() <= minPosition));
    }

    public AsOf asOf() {
        long position = position();
        List<DeadLetters.Parked> parked = deadLetters.parked();
        if (position < 0) {
            return new AsOf(-1, null, parked);
        }
        List<String> recorded = eventStore.queryForList("select time_stamp from domain_event_entry"
                + " where global_index <= ? order by global_index desc limit 1", String.class, position);
        return new AsOf(position, recorded.isEmpty() ? null : Instant.parse(recorded.get(0)), parked);
    }

    /**
     * The position every segment of the projections has reached (the lowest of them), or -1 before
     * anything was processed. Segments claimed by this instance answer from memory; segments another
     * instance holds, or nobody holds (released after a failure), from the tokens last stored: a
     * segment that stopped holds the position back, it is never left out.
     *
     * <p>A segment has reached a position when it processed every event up to it. Appenders commit
     * out of position order (the audit chain is sealed after commit, migration V9), so a segment's
     * token may have passed positions whose events had not committed yet: its gaps. A gap holds the
     * position back to just before it, unless it is a hole for good (a rolled-back append), which is
     * known once the chain's sealer has passed it without sealing an event there.
     */
    public long position() {
        if (!generations.ready()) {
            return -1;
        }
        Map<Integer, EventTrackerStatus> status = processor().processingStatus();
        Map<Integer, StoredTokens.Token> stored = storedTokens.tokens(PROCESSING_GROUP);
        if (status.isEmpty() && stored.isEmpty()) {
            return -1;
        }
        long lowest = Long.MAX_VALUE;
        java.util.Set<Integer> segments = new java.util.TreeSet<>(stored.keySet());
        segments.addAll(status.keySet());
        for (int segment : segments) {
            EventTrackerStatus here = status.get(segment);
            if (here != null) {
                OptionalLong current = here.getCurrentPosition();
                if (current.isEmpty()) {
                    return -1;
                }
                java.util.SortedSet<Long> gaps = WrappedToken.unwrap(here.getTrackingToken(), GapAwareTrackingToken.class)
                        .map(GapAwareTrackingToken::getGaps).orElse(java.util.Collections.emptySortedSet());
                lowest = Math.min(lowest, reached(current.getAsLong(), gaps));
            } else {
                StoredTokens.Token token = stored.get(segment);
                lowest = Math.min(lowest, reached(token.index(), token.gaps()));
            }
        }
        return lowest;
    }

    /** Holes for good below the chain's sealed head, remembered (they never fill); bounded. */
    private final java.util.Set<Long> holes = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Up to where a token with {@code index} and {@code gaps} has processed every event. */
    long reached(long index, java.util.SortedSet<Long> gaps) {
        if (gaps.isEmpty()) {
            return index;
        }
        List<Long> open = gaps.stream().filter(gap -> gap <= index && !holes.contains(gap)).toList();
        if (open.isEmpty()) {
            return index;
        }
        List<Long> permanent = eventStore.queryForList("select g from unnest(?::bigint[]) g"
                        + " where g <= (select coalesce(max(global_index), -1) from event_chain)"
                        + " and not exists (select 1 from event_chain c where c.global_index = g)", Long.class,
                (Object) open.toArray(new Long[0]));
        if (holes.size() > 100_000) {
            holes.clear();
        }
        holes.addAll(permanent);
        return open.stream().filter(gap -> !permanent.contains(gap)).findFirst().map(gap -> gap - 1).orElse(index);
    }

    /**
     * Whether the read models are complete: every segment has caught up with the event store's head,
     * claimed here and not in error, or (held elsewhere, or by nobody) by the token last stored; and
     * a generation of the read models has been built (until then they are empty).
     */
    public boolean caughtUp() {
        if (!generations.ready() || !processor().isRunning()) {
            return false;
        }
        Map<Integer, EventTrackerStatus> status = processor().processingStatus();
        Map<Integer, Long> stored = storedTokens.positions(PROCESSING_GROUP);
        if (status.isEmpty() && !storedTokens.initialized(PROCESSING_GROUP)) {
            return false;
        }
        long head = head();
        for (Map.Entry<Integer, EventTrackerStatus> here : status.entrySet()) {
            if (!here.getValue().isCaughtUp() || here.getValue().isErrorState()) {
                return false;
            }
        }
        for (Map.Entry<Integer, Long> token : stored.entrySet()) {
            if (!status.containsKey(token.getKey()) && token.getValue() < head) {
                return false;
            }
        }
        return true;
    }

    /** The event store's last position, -1 when it is empty. */
    public long head() {
        Long head = eventStore.queryForObject("select coalesce(max(global_index), -1) from domain_event_entry", Long.class);
        return head == null ? -1 : head;
    }

    /** Every segment as stored in the token store, whoever holds it. */
    public Map<Integer, StoredTokens.Stored> storedSegments() {
        return storedTokens.segments(PROCESSING_GROUP);
    }

    public StreamingEventProcessor processor() {
        return processing.eventProcessor(PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor " + PROCESSING_GROUP));
    }
}
