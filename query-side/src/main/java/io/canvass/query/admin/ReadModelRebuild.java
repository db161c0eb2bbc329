package io.canvass.query.admin;

import io.canvass.query.platform.Freshness;
import io.canvass.query.platform.ReadModel;
import io.canvass.query.platform.ReadModelIndexes;
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

    ReadModelRebuild(Freshness freshness, MongoTemplate mongo, ReadModelIndexes indexes, List<ReadModel> readModels) {
        this.freshness = freshness;
        this.mongo = mongo;
        this.indexes = indexes;
        this.readModels = readModels;
    }

    public record Segment(int segment, boolean caughtUp, boolean replaying, boolean error, Long position) {
    }

    public record Status(String processor, boolean running, boolean caughtUp, long position, Map<Integer, Segment> segments) {
    }

    public synchronized void rebuild() {
        StreamingEventProcessor processor = freshness.processor();
        processor.shutDown();
        readModels.forEach(readModel -> readModel.collections().forEach(collection -> mongo.getCollection(collection).drop()));
        indexes.ensure();
        processor.resetTokens();
        processor.start();
    }

    public Status status() {
        StreamingEventProcessor processor = freshness.processor();
        Map<Integer, Segment> segments = new TreeMap<>();
        for (Map.Entry<Integer, EventTrackerStatus> entry : processor.processingStatus().entrySet()) {
            EventTrackerStatus status = entry.getValue();
            segments.put(entry.getKey(), new Segment(entry.getKey(), status.isCaughtUp(), status.isReplaying(),
                    status.isErrorState(), status.getCurrentPosition().isPresent()
                    ? status.getCurrentPosition().getAsLong() : null));
        }
        return new Status(processor.getName(), processor.isRunning(), freshness.caughtUp(), freshness.position(), segments);
    }
}
