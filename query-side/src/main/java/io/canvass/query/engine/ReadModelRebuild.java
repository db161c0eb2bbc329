package io.canvass.query.engine;

import io.canvass.platform.web.NullWhen;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.canvass.platform.web.Busy;
import io.canvass.platform.security.EmbeddedDefault;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds every read model from the first event, blue/green: a new generation is built in bulk
 * beside the current one ({@link GenerationBuilder}), which keeps answering, complete, and keeps
 * projecting meanwhile; once a pass finds little new, its indexes are made, its own tokens are
 * written where it got ({@link GenerationTokens}), and one write of the control document makes it
 * current. Each instance then adopts it with its processor stopped for that moment, the processors go
 * on from the new generation's tokens, and the old generation is dropped once no request on any
 * instance reads it ({@link GenerationPerRequest}). A failure or a kill at any step leaves the old generation current with
 * its own tokens, or the new one with its own. A start with no generation built (the embedded
 * default's every start) is the same build, with nothing to answer from meanwhile: readiness says so.
 * <p>
 * Several instances share one control document ({@link ReadModelGenerations}): one builds, the
 * others follow it every second; a build whose instance went silent (no heartbeat for {@code
 * canvass.rebuild.abandoned-after}; the heartbeat has a thread of its own) is taken over by another
 * instance, and its builder, should it wake up, finds the build no longer its own and stops.
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
    private final GenerationTokens tokens;
    private final Clock clock;
    private final int segmentCount;
    private final Duration abandonedAfter;
    private final Duration retireAfter;
    private final EmbeddedDefault embeddedDefault;
    private final int heapLimitPercent;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "read-model-build");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "read-model-build-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    ReadModelRebuild(Freshness freshness, ReadModelGenerations generations, GenerationBuilder builder,
                     ReadModelIndexes indexes, List<ReadModel> readModels, DeadLetters deadLetters, GenerationTokens tokens,
                     Clock clock, EmbeddedDefault embeddedDefault,
                     @Value("${axon.eventhandling.processors.projections.initial-segment-count:2}") int segmentCount,
                     RebuildSettings rebuild) {
        this.freshness = freshness;
        this.generations = generations;
        this.builder = builder;
        this.indexes = indexes;
        this.readModels = readModels;
        this.deadLetters = deadLetters;
        this.tokens = tokens;
        this.clock = clock;
        this.segmentCount = segmentCount;
        this.abandonedAfter = rebuild.abandonedAfter();
        this.retireAfter = rebuild.retireAfter();
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
    /** The heartbeat found the build taken over by another instance: it stops at its next step. */
    private volatile boolean lostBuild;

    /**
     * At start: with no generation built yet (the embedded default, every start) build the first, in
     * bulk; a build abandoned by a crash is built again; then drop what nobody reads. When another
     * instance builds (it claimed the build first, maybe a moment ago: several instances starting at
     * once), this one follows it and is ready once its generation is current. Otherwise the projections
     * catch up from their tokens, shown as progress too ({@code deploy/run.sh} draws it).
     */
    @EventListener(ApplicationStartedEvent.class)
    public synchronized void atStart() {
        ReadModelGenerations.State state = generations.state();
        boolean building = false;
        if (state.current() == 0 || (state.building() != null && generations.abandoned(state, abandonedAfter))) {
            building = state.building() != null && !generations.abandoned(state, abandonedAfter) || !startBuild();
            if (building) {
                log.info("Another instance is building the read models: following it");
            }
        }
        generations.dropUnused(legacyCollections());
        if (building || build != null) {
            return;
        }
        // a real MongoDB keeps its generations across starts: a release's new index is made on the current one
        indexes.ensure(generations.template(generations.current()));
        if (!state.versions().equals(versions())) {
            log.info("Generation {} of the read models was built with versions {}, this release's are {}: rebuilding"
                    + " it beside the current one, which answers meanwhile", state.current(), state.versions(), versions());
            if (state.building() == null && startBuild()) {
                return;
            }
            log.info("Another instance is rebuilding the read models: following it");
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
        if (!startBuild()) {
            throw new Busy("another instance has just started a rebuild: ask again when GET /api/admin/processors"
                    + " no longer shows it");
        }
    }

    /** Claims the next build and starts it here; false when another instance's claim came first. */
    private boolean startBuild() {
        Integer generation = generations.claimBuild(abandonedAfter);
        if (generation == null) {
            return false;
        }
        long head = freshness.head();
        build = new Build(generation, clock.instant(), head);
        built = -1;
        lastFailure = null;
        catchingUp = null;
        log.info("Building generation {} of the read models from the first event to position {} (in bulk, beside"
                + " generation {})", generation, head, generations.current());
        worker.execute(() -> run(build));
        return true;
    }

    private void run(Build building) {
        int generation = building.generation();
        StreamingEventProcessor processor = freshness.processor();
        // said on a thread of its own, so that no step (index creation, the processors' shutdown) goes silent
        long beat = Math.max(50, abandonedAfter.toMillis() / 4);
        ScheduledFuture<?> heartbeats = this.heartbeats.scheduleAtFixedRate(() -> heartbeat(generation), beat, beat,
                TimeUnit.MILLISECONDS);
        try {
            generations.drop(generation);
            tokens.forget(generation);
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
            step(Step.BUILT, generation);
            indexes.ensure(target);
            step(Step.INDEXED, generation);
            // the new generation's own tokens, where its build got: its processors go on from there once it is current
            TokenStore next = tokens.of(generation);
            next.initializeTokenSegments(processor.getName(), segmentCount, token);
            step(Step.TOKENS_WRITTEN, generation);
            if (lostBuild) {
                throw new ReadModelGenerations.LostBuild(generation);
            }
            int previous = generations.current();
            // the switch: one write of one document; before it the old generation, after it the new one, each whole
            generations.switchTo(generation, versions());
            step(Step.SWITCHED, generation);
            adopt(generation);
            log.info("Generation {} of the read models is current (built in {}); generation {} is dropped once no"
                    + " request reads it (at most {})", generation, Duration.between(building.startedAt(), clock.instant()),
                    previous, retireAfter);
            if (previous > 0) {
                Instant deadline = clock.instant().plus(retireAfter);
                worker.execute(() -> retire(previous, deadline));
            }
            worker.schedule(() -> generations.dropUnused(legacyCollections()), retireAfter.toMillis(), TimeUnit.MILLISECONDS);
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
            // and should the switch have happened after all, the generation it replaced goes later
            worker.schedule(() -> generations.dropUnused(legacyCollections()), retireAfter.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            heartbeats.cancel(false);
            lostBuild = false;
            build = null;
        }
    }

    /**
     * Drops the generation a switch replaced once no request here reads it and every live instance has
     * said it moved past it; after {@code deadline} regardless (a reader that long, or an instance that
     * never says, gets 503 at its next read of it).
     */
    private void retire(int generation, Instant deadline) {
        try {
            boolean read = generations.read(generation);
            if (read && clock.instant().isBefore(deadline)) {
                worker.schedule(() -> retire(generation, deadline), 200, TimeUnit.MILLISECONDS);
                return;
            }
            if (read) {
                log.warn("Generation {} of the read models is still read {} after it was replaced: dropped anyway;"
                        + " its readers are answered 503", generation, retireAfter);
            }
            generations.drop(generation);
        } catch (RuntimeException unavailable) {
            log.warn("Could not drop generation {} of the read models ({}): trying again", generation, unavailable.toString());
            worker.schedule(() -> retire(generation, deadline), 1, TimeUnit.SECONDS);
        }
    }

    /** The steps of a build, after each of which a failure (or a kill) must leave one whole generation current. */
    enum Step { BUILT, INDEXED, TOKENS_WRITTEN, SWITCHED }

    /** Where the fault tests fail a build; nothing in production. */
    volatile java.util.function.BiConsumer<Step, Integer> afterStep = (step, generation) -> { };

    private void step(Step step, int generation) {
        afterStep.accept(step, generation);
    }

    /**
     * This instance reads and projects {@code generation} from now on: its processor stops (no batch
     * half in one generation, its token in the other), the generation is adopted, the processor goes
     * on from that generation's own tokens.
     */
    private synchronized void adopt(int generation) {
        if (generation == generations.current()) {
            return;
        }
        StreamingEventProcessor processor = freshness.processor();
        processor.shutDown();
        generations.adopt(generation);
        processor.start();
    }

    /** Tells the control document the build is alive; notes when it is no longer this instance's. */
    private void heartbeat(int generation) {
        try {
            if (!generations.heartbeat(generation)) {
                lostBuild = true;
            }
        } catch (RuntimeException unavailable) {
            log.warn("Could not send the build's heartbeat: {}", unavailable.toString());
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
        if (building != null && lostBuild) {
            throw new ReadModelGenerations.LostBuild(building.generation());
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
     * Follows the control document every second: adopts the generation another instance made
     * current, and takes over a build whose instance went silent.
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
        if (state.building() != null && generations.abandoned(state, abandonedAfter)) {
            takeOver();
            return;
        }
        if (state.current() > 0 && state.current() != generations.current()) {
            adopt(state.current());
        }
    }

    /**
     * The instance building went silent (it died): this one builds instead, so that the instances
     * that followed it still become ready. The claim is conditional: of several followers, one wins.
     */
    private synchronized void takeOver() {
        if (build == null && startBuild()) {
            log.info("The instance building the read models went silent: this one builds instead");
        }
    }

    /** Each read model's version, by its name: what a generation built now is built with. */
    Map<String, Integer> versions() {
        Map<String, Integer> versions = new TreeMap<>();
        readModels.forEach(readModel -> versions.put(
                org.springframework.util.ClassUtils.getUserClass(readModel).getSimpleName(), readModel.version()));
        return versions;
    }

    private List<String> legacyCollections() {
        List<String> collections = new ArrayList<>();
        readModels.forEach(readModel -> collections.addAll(readModel.collections()));
        collections.add(DeadLetters.COLLECTION);
        // the tokens an earlier version shared between generations, unprefixed
        collections.add(GenerationTokens.COLLECTION);
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
