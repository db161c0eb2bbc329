package io.canvass.query.engine;

import io.canvass.platform.web.NullWhen;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.canvass.platform.web.Busy;
import io.canvass.platform.security.EmbeddedDefault;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds every read model from the first event, blue/green: a new generation is built in bulk
 * beside the current one ({@link GenerationBuilder}), which keeps answering, complete, meanwhile;
 * once the new one has caught up with the head, the projections stop (on every instance), the new
 * generation takes the last events, the tokens are set where it got, one switch makes every query
 * read it, the projections start again on it, and the old generation is dropped a little later
 * (requests reading it finish first). A start with no generation built (the embedded default's
 * every start) is the same build, with nothing to answer from meanwhile: readiness says so.
 * <p>
 * Several instances share one control document ({@link ReadModelGenerations}): one builds, the
 * others follow its switch every second; a build whose instance died (no heartbeat for {@code
 * canvass.rebuild.abandoned-after}) is taken over by the next instance that starts or is asked.
 */
@Component
public class ReadModelRebuild {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);

    private final Freshness freshness;
    private final ReadModelGenerations generations;
    private final GenerationBuilder builder;
    private final ReadModelIndexes indexes;
    private final List<ReadModel> readModels;
    private final DeadLetters deadLetters;
    private final TokenStore tokenStore;
    private final Clock clock;
    private final int segmentCount;
    private final Duration abandonedAfter;
    private final Duration retireAfter;
    private final Duration claimTimeout;
    private final EmbeddedDefault embeddedDefault;
    private final int heapLimitPercent;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "read-model-build");
        thread.setDaemon(true);
        return thread;
    });

    ReadModelRebuild(Freshness freshness, ReadModelGenerations generations, GenerationBuilder builder,
                     ReadModelIndexes indexes, List<ReadModel> readModels, DeadLetters deadLetters, TokenStore tokenStore,
                     Clock clock, EmbeddedDefault embeddedDefault,
                     @Value("${axon.eventhandling.processors.projections.initial-segment-count:2}") int segmentCount,
                     RebuildSettings rebuild, ProjectionSettings projections) {
        this.freshness = freshness;
        this.generations = generations;
        this.builder = builder;
        this.indexes = indexes;
        this.readModels = readModels;
        this.deadLetters = deadLetters;
        this.tokenStore = tokenStore;
        this.clock = clock;
        this.segmentCount = segmentCount;
        this.abandonedAfter = rebuild.abandonedAfter();
        this.retireAfter = rebuild.retireAfter();
        this.claimTimeout = projections.claimTimeout();
        this.embeddedDefault = embeddedDefault;
        this.heapLimitPercent = rebuild.heapLimitPercent();
    }

    /**
     * @param claimedHere whether this instance is processing it (otherwise: {@code owner}, another
     *                    instance, or nobody when it was released, e.g. after a failure)
     */
    public record Segment(int segment, boolean claimedHere,
                          @NullWhen("no instance has claimed the segment's token") String owner,
                          boolean caughtUp, boolean replaying, boolean error,
                          @NullWhen("the segment has no position yet (it has processed no event)") Long position) {
    }

    /**
     * A rebuild under way: from the first event to {@code target} (the head when it began), how far,
     * how fast and how long it should still take. {@code generation}: the one being built; null for
     * the projections catching up at start.
     */
    public record Progress(Instant startedAt, long target, long done, long eventsPerSecond,
                           @NullWhen("nothing is done yet, so no rate to tell the time left by") Long secondsLeft,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Integer generation) {
    }

    /**
     * @param generation   the generation of the read models every query reads (0: none built yet)
     * @param lastRebuild  how the last rebuild of this instance ended, when it failed
     */
    public record Status(String processor, boolean running, boolean caughtUp, long position, Map<Integer, Segment> segments,
                         long parkedEvents, @JsonInclude(JsonInclude.Include.NON_NULL) Progress rebuild, int generation,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String lastRebuild) {
    }

    /** This instance's build: which generation, since when, up to where, how far. */
    private record Build(int generation, Instant startedAt, long target) {
    }

    private volatile Build build;
    private volatile long built = -1;
    private volatile String lastFailure;
    /** The projections catching up at start (no build): since when, from where, to where. */
    private volatile Progress catchingUp;
    /** This instance stopped its projections for another instance's switch. */
    private volatile boolean pausedForSwitch;

    /**
     * At start: drop what nobody reads; with no generation built yet (the embedded default, every
     * start) build the first, in bulk; a build abandoned by a crash is built again. Otherwise the
     * projections catch up from their tokens, shown as progress too ({@code deploy/run.sh} draws it).
     */
    @EventListener(ApplicationStartedEvent.class)
    public synchronized void atStart() {
        generations.dropUnused(legacyCollections(), abandonedAfter);
        ReadModelGenerations.State state = generations.state();
        if (state.current() == 0 || (state.building() != null && generations.abandoned(state, abandonedAfter))) {
            if (state.building() != null && !generations.abandoned(state, abandonedAfter)) {
                log.info("Another instance is building the read models (generation {}): following it", state.building());
                return;
            }
            startBuild();
            return;
        }
        long head = freshness.head();
        long position = Math.max(0, freshness.position());
        if (position < head) {
            catchingUp = new Progress(clock.instant(), head, position, 0L, null, null);
            log.info("Catching up with the event store: from position {} to {}", position, head);
        }
    }

    /**
     * Starts a rebuild; a second one while one runs (here or on another instance) is refused (409), and
     * so is one the embedded MongoDB has no memory for.
     */
    public synchronized void rebuild() {
        Build running = build;
        if (running != null) {
            throw new Busy("a rebuild is under way (" + Math.max(0, built) + " of " + running.target()
                    + " events): ask again when GET /api/admin/processors no longer shows it");
        }
        ReadModelGenerations.State state = generations.state();
        if (state.building() != null && !generations.abandoned(state, abandonedAfter)) {
            throw new Busy("another instance is rebuilding the read models (generation " + state.building()
                    + "): ask again when GET /api/admin/processors no longer shows it");
        }
        if (embeddedDefault.embedded() && generations.current() > 0) {
            refuseWithoutRoomForTwoGenerations();
        }
        startBuild();
    }

    private void startBuild() {
        Integer generation = generations.claimBuild(abandonedAfter);
        if (generation == null) {
            throw new Busy("another instance has just started a rebuild: ask again when GET /api/admin/processors"
                    + " no longer shows it");
        }
        long head = freshness.head();
        build = new Build(generation, clock.instant(), head);
        built = -1;
        lastFailure = null;
        catchingUp = null;
        log.info("Building generation {} of the read models from the first event to position {} (in bulk, beside"
                + " generation {})", generation, head, generations.current());
        worker.execute(() -> run(build));
    }

    private void run(Build building) {
        int generation = building.generation();
        boolean stopped = false;
        StreamingEventProcessor processor = freshness.processor();
        try {
            generations.drop(generation);
            MongoTemplate target = generations.template(generation);
            TrackingToken token = null;
            // bulk passes until a pass finds little new (the projections keep the current generation meanwhile)
            for (int pass = 0; pass < 20; pass++) {
                GenerationBuilder.Pass done = builder.apply(target, token, this::reached);
                token = done.token();
                if (done.events() < 1_000) {
                    break;
                }
            }
            indexes.ensure(target);
            // the switch: every instance stops projecting, the new generation takes the last events
            generations.switching(generation, true);
            processor.shutdownAsync().get(claimTimeout.toMillis() * 3, TimeUnit.MILLISECONDS);
            stopped = true;
            Instant deadline = clock.instant().plus(claimTimeout.multipliedBy(3));
            List<Integer> claimed = claimEverySegment(deadline, generation);
            token = builder.apply(target, token, this::reached).token();
            setTokens(claimed, token);
            int previous = generations.current();
            generations.switched(generation);
            processor.start();
            stopped = false;
            log.info("Generation {} of the read models is current (built in {}); generation {} is dropped in {}",
                    generation, Duration.between(building.startedAt(), clock.instant()), previous, retireAfter);
            if (previous > 0) {
                worker.schedule(() -> generations.drop(previous), retireAfter.toMillis(), TimeUnit.MILLISECONDS);
            }
            worker.schedule(() -> generations.dropUnused(legacyCollections(), abandonedAfter), retireAfter.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception | Error failure) {
            // an Error too: a build that ran out of memory gives its generation up, and its memory with it
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            lastFailure = clock.instant() + ": generation " + generation + " was not built: " + failure
                    + (outOfMemory(failure) ? " (a generation is built in this process's heap when MongoDB is the"
                    + " embedded one, beside the current generation during a rebuild: give it more, -Xmx; with"
                    + " deploy/run.sh, QUERY_JAVA_OPTS)" : "");
            log.error("Building generation {} of the read models failed; generation {} stays", generation,
                    generations.current(), failure);
            try {
                generations.abandon(generation);
            } catch (RuntimeException unavailable) {
                log.warn("Could not give up generation {} in the control document: {}", generation, unavailable.toString());
            }
            if (stopped) {
                processor.start();
            }
        } finally {
            build = null;
        }
    }

    private static boolean outOfMemory(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    private void reached(long position) {
        built = position;
        Build building = build;
        if (building != null) {
            generations.heartbeat(building.generation());
        }
    }

    /** Refused (409): the embedded MongoDB's heap has no room for a second generation. */
    public static final class TooLittleMemory extends Busy {
        TooLittleMemory(String message) {
            super(message);
        }
    }

    /**
     * A rebuild on the embedded MongoDB carries the next generation in this heap beside the current
     * one, about as large: refused up front when twice what is live now (measured after a full
     * collection, about a second at a million events) exceeds {@code canvass.rebuild.heap-limit-percent}
     * of the heap, rather than run out of memory half-way, which would take the current generation and
     * the whole query side down with it. (A start's first build has nothing to protect and is let try.)
     */
    private void refuseWithoutRoomForTwoGenerations() {
        System.gc();
        long live = HeapAfterCollection.used();
        long max = HeapAfterCollection.max();
        long allowed = max / 100 * heapLimitPercent;
        if (2 * live > allowed) {
            throw new TooLittleMemory(String.format(java.util.Locale.ROOT, "not enough memory for a second generation"
                            + " of the read models beside the current one: the embedded MongoDB keeps them in the query"
                            + " side's heap, %d MB are live now, a rebuild needs about twice that, and canvass.rebuild"
                            + ".heap-limit-percent allows %d MB of its %d MB; give the query side more (-Xmx)",
                    live >> 20, allowed >> 20, max >> 20));
        }
    }

    /**
     * Claims every segment of the projections' tokens, waiting for the other instances to let go
     * (they stop projecting within a second of the switch being announced, or their claims time out).
     */
    private List<Integer> claimEverySegment(Instant deadline, int generation) throws InterruptedException {
        String name = freshness.processor().getName();
        while (true) {
            List<Integer> claimed = new ArrayList<>();
            try {
                for (int segment : tokenStore.fetchSegments(name)) {
                    tokenStore.fetchToken(name, segment);
                    claimed.add(segment);
                }
                return claimed;
            } catch (UnableToClaimTokenException heldElsewhere) {
                claimed.forEach(segment -> tokenStore.releaseClaim(name, segment));
                if (clock.instant().isAfter(deadline)) {
                    throw new IllegalStateException("another instance still holds the projections' tokens; generation "
                            + generation + " was not switched to", heldElsewhere);
                }
                generations.heartbeat(generation);
                Thread.sleep(200);
            }
        }
    }

    /** Every segment continues from where the new generation got. */
    private void setTokens(List<Integer> claimed, TrackingToken token) {
        String name = freshness.processor().getName();
        if (claimed.isEmpty()) {
            tokenStore.initializeTokenSegments(name, segmentCount, token);
            return;
        }
        if (token == null) {
            // an empty event store: the segments start from the first event there will be (a null token cannot be stored)
            claimed.forEach(segment -> tokenStore.deleteToken(name, segment));
            tokenStore.initializeTokenSegments(name, claimed.size(), null);
            return;
        }
        for (int segment : claimed) {
            tokenStore.storeToken(token, name, segment);
            tokenStore.releaseClaim(name, segment);
        }
    }

    /**
     * Follows the control document every second: stops projecting while another instance switches
     * generations, reads the new one once it is current, and starts projecting again.
     */
    @Scheduled(fixedDelay = 1_000)
    void follow() {
        if (build != null) {
            return;
        }
        ReadModelGenerations.State state;
        try {
            state = generations.state();
        } catch (RuntimeException unavailable) {
            return; // MongoDB is away: readiness says so; the next look tries again
        }
        StreamingEventProcessor processor = freshness.processor();
        // a switch whose builder died (no heartbeat) holds nobody back: the next build claims it
        if (state.switching() && !generations.instance().equals(state.builder())
                && !generations.abandoned(state, abandonedAfter)) {
            if (!pausedForSwitch) {
                log.info("Another instance is switching to generation {}: projections stop meanwhile", state.building());
                pausedForSwitch = true;
                processor.shutDown();
            }
            return;
        }
        if (state.current() > 0) {
            generations.adopt(state.current());
        }
        if (pausedForSwitch) {
            pausedForSwitch = false;
            processor.start();
        }
    }

    private List<String> legacyCollections() {
        List<String> collections = new ArrayList<>();
        readModels.forEach(readModel -> collections.addAll(readModel.collections()));
        collections.add(DeadLetters.COLLECTION);
        return collections;
    }

    public Status status() {
        StreamingEventProcessor processor = freshness.processor();
        Map<Integer, Segment> segments = new TreeMap<>();
        Long head = null;
        for (Map.Entry<Integer, StoredTokens.Stored> stored : freshness.storedSegments().entrySet()) {
            if (head == null) {
                head = freshness.head();
            }
            segments.put(stored.getKey(), new Segment(stored.getKey(), false, stored.getValue().owner(),
                    stored.getValue().position() >= head, false, false, stored.getValue().position()));
        }
        for (Map.Entry<Integer, EventTrackerStatus> entry : processor.processingStatus().entrySet()) {
            EventTrackerStatus status = entry.getValue();
            segments.put(entry.getKey(), new Segment(entry.getKey(), true, segments.containsKey(entry.getKey())
                    ? segments.get(entry.getKey()).owner() : null, status.isCaughtUp(), status.isReplaying(),
                    status.isErrorState(), status.getCurrentPosition().isPresent()
                    ? status.getCurrentPosition().getAsLong() : null));
        }
        return new Status(processor.getName(), processor.isRunning(), freshness.caughtUp(), freshness.position(), segments,
                (long) deadLetters.count(), running(), generations.current(), lastFailure);
    }

    /** The rebuild's progress now (or the catch-up's at start), or null once it is over. */
    Progress running() {
        Build building = build;
        if (building != null) {
            return progress(building.startedAt(), building.target(), Math.max(0, built), 0, building.generation());
        }
        Progress begun = catchingUp;
        if (begun == null) {
            return null;
        }
        long position = Math.max(0, freshness.position());
        if (position >= begun.target() && freshness.caughtUp()) {
            catchingUp = null;
            log.info("Caught up: {} events in {}", begun.target(), Duration.between(begun.startedAt(), clock.instant()));
            return null;
        }
        return progress(begun.startedAt(), begun.target(), position, begun.done(), null);
    }

    private Progress progress(Instant startedAt, long target, long position, long from, Integer generation) {
        long millis = Math.max(1, Duration.between(startedAt, clock.instant()).toMillis());
        long done = Math.max(0, position - from);
        long rate = done * 1000 / millis;
        Long left = done > 0 ? Math.max(0, target - position) * millis / done / 1000 : null;
        return new Progress(startedAt, target, position, rate, left, generation);
    }

    /** Logs a rebuild's progress every 10 s while one runs. */
    @Scheduled(fixedDelay = 10_000)
    void logProgress() {
        Progress progress = running();
        if (progress != null) {
            log.info("Rebuilding the read models: {} of {} events, {} events/s, about {} s left", progress.done(),
                    progress.target(), progress.eventsPerSecond(), progress.secondsLeft());
        }
    }
}
