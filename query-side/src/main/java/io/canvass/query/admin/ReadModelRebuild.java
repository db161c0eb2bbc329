package io.canvass.query.admin;

import io.canvass.query.platform.DeadLetters;
import io.canvass.query.platform.Freshness;
import io.canvass.query.platform.ReadModel;
import io.canvass.query.platform.ReadModelIndexes;
import io.canvass.query.platform.StoredTokens;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

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

    private final Freshness freshness;
    private final MongoTemplate mongo;
    private final ReadModelIndexes indexes;
    private final List<ReadModel> readModels;
    private final DeadLetters deadLetters;

    ReadModelRebuild(Freshness freshness, MongoTemplate mongo, ReadModelIndexes indexes, List<ReadModel> readModels,
                     DeadLetters deadLetters) {
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

    public record Status(String processor, boolean running, boolean caughtUp, long position, Map<Integer, Segment> segments,
                         long parkedEvents) {
    }

    public synchronized void rebuild() {
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
                (long) deadLetters.count());
    }
}
