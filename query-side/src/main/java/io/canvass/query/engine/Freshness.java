package io.canvass.query.engine;

import io.canvass.platform.web.NullWhen;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.canvass.platform.web.InvalidField;
import io.canvass.query.platform.CanvassSettings;
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
 * as {@code afterWrite} (its own event) or {@code minPosition} (everything up to it); the answer
 * waits, within a bound, until the read models got that far, and says it is stale only for what it
 * reads (docs/freshness.md).
 */
@Component
public class Freshness {

    public static final String PROCESSING_GROUP = "projections";

    /** The {@code minPosition} parameter, as every dashboard documents it. */
    public static final String MIN_POSITION = "Every event up to this global position: the answer waits (up to"
            + " canvass.freshness-wait, 5 s) until the read models reflect all of them, events of other commands"
            + " included. stale:true if they did not in time, or if a stream this answer reads has an event parked"
            + " at or below it (docs/freshness.md).";

    /** The {@code afterWrite} parameter, as every dashboard documents it. */
    public static final String AFTER_WRITE = "Your own write: the position your command answered. The answer waits"
            + " (up to canvass.freshness-wait, 5 s) until that event is applied to the read models, not for other"
            + " commands still in flight below it (what minPosition waits for). stale:true if it was not applied in"
            + " time, or if a stream this answer reads has an event parked at or below it (docs/freshness.md).";

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate eventStore;
    private final CanvassSettings settings;
    private final Clock clock;
    private final StoredTokens storedTokens;
    private final DeadLetters deadLetters;
    private final ReadModelGenerations generations;
    private final ProjectionProgress progress;

    Freshness(EventProcessingConfiguration processing, JdbcTemplate eventStore, CanvassSettings settings, Clock clock,
              StoredTokens storedTokens, DeadLetters deadLetters, ReadModelGenerations generations,
              ProjectionProgress progress) {
        this.generations = generations;
        this.progress = progress;
        this.processing = processing;
        this.eventStore = eventStore;
        this.settings = settings;
        this.clock = clock;
        this.storedTokens = storedTokens;
        this.deadLetters = deadLetters;
    }

    /**
     * @param position   the last global position reflected, or -1 before the first event
     * @param parked     the parked streams the answer reads (contracts, prospects, districts, campaigns) with
     *                   an event the read models could not apply: their figures stop before it (absent when
     *                   there are none)
     */
    public record AsOf(long position, @NullWhen("no event has been applied yet (position -1)") Instant recordedAt,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DeadLetters.Parked> parked) {
    }

    /**
     * @param stale true when what was asked for (minPosition, afterWrite) was not reached in time, or
     *              a stream the answer reads has an event parked up to it (up to asOf.position when
     *              nothing was asked for): the answer may lack something it would include
     */
    public record Read(AsOf asOf, boolean stale) {
    }

    /** The read models as they are, for an answer reading every stream. */
    public Read await(Long minPosition) {
        return await(EVERYTHING, minPosition, null);
    }

    /** What an answer that reads every stream reads. */
    public static final Reads EVERYTHING = Reads.of(Reads.CONTRACTS, Reads.PROSPECTS, Reads.DISTRICTS, Reads.CAMPAIGNS,
            Reads.STATEMENTS);

    /**
     * The read models as an answer reading {@code reads} sees them (docs/freshness.md), once they
     * reflect what the request asked for, or the wait ({@code canvass.freshness-wait}) is over:
     * {@code minPosition}, every event up to that position; {@code afterWrite}, the event at that
     * position (the client's own write, its command's {@code position}), whatever is still in flight
     * below it. Only parked streams the answer reads make it stale.
     */
    public Read await(Reads reads, Long minPosition, Long afterWrite) {
        check("minPosition", minPosition);
        check("afterWrite", afterWrite);
        Instant deadline = clock.instant().plus(settings.freshnessWait());
        // one look at the tokens per check (a request to the token store for segments held elsewhere)
        Map<Integer, StoredTokens.Token> tokens = tokens();
        while (!reached(tokens, minPosition, afterWrite) && clock.instant().isBefore(deadline)) {
            if (!progress.awaitNext(POLL)) {
                break;
            }
            tokens = tokens();
        }
        boolean reached = reached(tokens, minPosition, afterWrite);
        long position = position(tokens);
        List<DeadLetters.Parked> parked = deadLetters.parked(reads);
        long promised = Math.max(minPosition == null ? -1 : minPosition, afterWrite == null ? -1 : afterWrite);
        long upTo = minPosition == null && afterWrite == null ? position : promised;
        return new Read(asOf(position, parked), !reached || parked.stream().anyMatch(p -> p.position() <= upTo));
    }

    /** How long a waiting answer sleeps at most between two looks (a batch applied wakes it at once). */
    private static final java.time.Duration POLL = java.time.Duration.ofMillis(5);

    private static void check(String field, Long position) {
        if (position != null && position < 0) {
            throw new InvalidField(field, field + " must be 0 or more");
        }
    }

    private boolean reached(Map<Integer, StoredTokens.Token> tokens, Long minPosition, Long afterWrite) {
        return (minPosition == null || position(tokens) >= minPosition)
                && (afterWrite == null || applied(tokens, afterWrite));
    }

    /** What the read models reflect, with every parked stream (the web page's progress, readiness). */
    public AsOf asOf() {
        return asOf(position(), deadLetters.parked());
    }

    private AsOf asOf(long position, List<DeadLetters.Parked> parked) {
        if (position < 0) {
            return new AsOf(-1, null, parked);
        }
        List<String> recorded = eventStore.queryForList("select time_stamp from domain_event_entry"
                + " where global_index <= ? order by global_index desc limit 1", String.class, position);
        return new AsOf(position, recorded.isEmpty() ? null : Instant.parse(recorded.get(0)), parked);
    }

    /**
     * Whether the event at {@code position} has been handled by the projections (applied, or parked):
     * every segment's token has passed it and it is not among the token's gaps. Events below it may
     * still be in flight (appenders commit out of position order): a client waiting for its own write
     * does not wait for them.
     */
    public boolean applied(long position) {
        return applied(tokens(), position);
    }

    private static boolean applied(Map<Integer, StoredTokens.Token> tokens, long position) {
        return !tokens.isEmpty() && tokens.values().stream()
                .allMatch(token -> token.index() >= position && !token.gaps().contains(position));
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
        return position(tokens());
    }

    private long position(Map<Integer, StoredTokens.Token> tokens) {
        if (tokens.isEmpty()) {
            return -1;
        }
        long lowest = Long.MAX_VALUE;
        for (StoredTokens.Token token : tokens.values()) {
            if (token.index() < 0) {
                return -1;
            }
            lowest = Math.min(lowest, reached(token.index(), token.gaps()));
        }
        return lowest;
    }

    /**
     * Every segment's token: from memory for the segments claimed here, from the token store for
     * the others (held by another instance, or by nobody); index -1 for a segment that has processed
     * nothing. Empty before a generation of the read models is ready.
     */
    private Map<Integer, StoredTokens.Token> tokens() {
        if (!generations.ready()) {
            return Map.of();
        }
        Map<Integer, StoredTokens.Token> tokens = new java.util.TreeMap<>(recentlyStored());
        processor().processingStatus().forEach((segment, here) -> {
            OptionalLong current = here.getCurrentPosition();
            java.util.SortedSet<Long> gaps = WrappedToken.unwrap(here.getTrackingToken(), GapAwareTrackingToken.class)
                    .map(GapAwareTrackingToken::getGaps).orElse(java.util.Collections.emptySortedSet());
            tokens.put(segment, new StoredTokens.Token(current.isEmpty() ? -1 : current.getAsLong(), gaps));
        });
        return tokens;
    }

    /** The stored tokens as last read, and when (System.nanoTime). */
    private record StoredSnapshot(long readAt, Map<Integer, StoredTokens.Token> tokens) {
    }

    /** How old the stored tokens answers share may be: they move once per batch of another instance. */
    private static final long STORED_TOKENS_AGE = java.time.Duration.ofMillis(20).toNanos();

    private volatile StoredSnapshot stored;

    /**
     * The token store's tokens, read at most every 20 ms whatever the number of answers waiting:
     * measured, waiting answers that each read them at every look (hundreds a second under load)
     * slowed the projections' own writes to the same MongoDB, and so the wait itself.
     */
    private Map<Integer, StoredTokens.Token> recentlyStored() {
        StoredSnapshot last = stored;
        if (last == null || System.nanoTime() - last.readAt() > STORED_TOKENS_AGE) {
            synchronized (this) {
                last = stored;
                if (last == null || System.nanoTime() - last.readAt() > STORED_TOKENS_AGE) {
                    last = new StoredSnapshot(System.nanoTime(), storedTokens.tokens(PROCESSING_GROUP));
                    stored = last;
                }
            }
        }
        return last.tokens();
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
