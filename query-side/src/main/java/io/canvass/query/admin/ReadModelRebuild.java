package io.canvass.query.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.canvass.platform.web.Busy;
import io.canvass.query.platform.DeadLetters;
import io.canvass.query.platform.Freshness;
import io.canvass.query.platform.ReadModel;
import io.canvass.query.platform.ReadModelIndexes;
import io.canvass.query.platform.StoredTokens;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds every read model from the first event: stop the projections, drop their collections,
 * reset the tokens, start again. Auditors use it to check that the read models are exactly what
 * the events say.
 */
@Component
public class ReadModelRebuild {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);

    private final Freshness freshness;
    private final MongoTemplate mongo;
    private final ReadModelIndexes indexes;
    private final List<ReadModel> readModels;
    private final DeadLetters deadLetters;
    private final Clock clock;

    ReadModelRebuild(Freshness freshness, MongoTemplate mongo, ReadModelIndexes indexes, List<ReadModel> readModels,
                     DeadLetters deadLetters, Clock clock) {
        this.clock = clock;
        this.freshness = freshness;
        this.mongo = mongo;
        this.indexes = indexes;
        this.readModels = readModels;
        this.deadLetters = deadLetters;
    }

    /**
     * @param claimedHere whether this instance is processing it (otherwise: {@code owner}, another
     *                    instance, or nobody when it was released, e.g. after a failure)
     */
    public record Segment(int segment, boolean claimedHere, String owner, boolean caughtUp, boolean replaying,
                          boolean error, Long position) {
    }

    /**
     * A rebuild under way: from the first event to {@code target} (the head when it began), how far,
     * how fast and how long it should still take.
     */
    public record Progress(Instant startedAt, long target, long done, long eventsPerSecond, Long secondsLeft) {
    }

    public record Status(String processor, boolean running, boolean caughtUp, long position, Map<Integer, Segment> segments,
                         long parkedEvents, @JsonInclude(JsonInclude.Include.NON_NULL) Progress rebuild) {
    }

    /** The rebuild under way, or null. */
    private volatile Progress started;
    /** The position it started from (0 for a rebuild; where the stored tokens were for a catch-up at start). */
    private volatile long startedFrom;

    /**
     * At start, the read models catching up with the event store count as a rebuild under way, with
     * its progress in {@code GET /api/admin/processors} and the log (the embedded default builds them
     * all at every start; {@code deploy/run.sh} draws it as a progress bar).
     */
    @EventListener(ApplicationStartedEvent.class)
    public synchronized void catchingUp() {
        long head = freshness.head();
        long position = Math.max(0, freshness.position());
        if (started == null && position < head) {
            startedFrom = position;
            started = new Progress(clock.instant(), head, position, 0L, null);
            log.info("Catching up with the event store: from position {} to {}", position, head);
        }
    }

    /** Starts a rebuild; a second one while one runs is refused (409). */
    public synchronized void rebuild() {
        if (running() != null) {
            throw new Busy("a rebuild is under way (" + started.done() + " of " + started.target()
                    + " events): ask again when GET /api/admin/processors no longer shows it");
        }
        startedFrom = 0;
        started = new Progress(clock.instant(), freshness.head(), 0, 0L, null);
        log.info("Rebuilding every read model from the first event to position {}", started.target());
        StreamingEventProcessor processor = freshness.processor();
        processor.shutDown();
        readModels.forEach(readModel -> readModel.collections().forEach(collection -> mongo.getCollection(collection).drop()));
        deadLetters.clear();
        indexes.ensure();
        processor.resetTokens();
        processor.start();
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
                (long) deadLetters.count(), running());
    }

    /** The rebuild's progress now, or null once it has reached its target (then it is over). */
    Progress running() {
        Progress begun = started;
        if (begun == null) {
            return null;
        }
        long position = Math.max(0, freshness.position());
        if (position >= begun.target() && freshness.caughtUp()) {
            started = null;
            log.info("Rebuild done: {} events in {}", begun.target(), Duration.between(begun.startedAt(), clock.instant()));
            return null;
        }
        long millis = Math.max(1, Duration.between(begun.startedAt(), clock.instant()).toMillis());
        long done = Math.max(0, position - startedFrom);
        long rate = done * 1000 / millis;
        Long left = done > 0 ? Math.max(0, begun.target() - position) * millis / done / 1000 : null;
        return new Progress(begun.startedAt(), begun.target(), position, rate, left);
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
