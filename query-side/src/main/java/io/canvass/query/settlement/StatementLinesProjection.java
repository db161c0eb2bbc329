package io.canvass.query.settlement;

import com.mongodb.client.model.Indexes;
import io.canvass.events.settlement.MatchUndone;
import io.canvass.events.settlement.PaymentsMatched;
import io.canvass.events.settlement.StatementLineId;
import io.canvass.events.settlement.StatementLineRecorded;
import io.canvass.events.settlement.StatementSource;
import io.canvass.query.engine.Batch;
import io.canvass.query.platform.Bson;
import io.canvass.query.engine.Projector.Delivery;
import io.canvass.query.engine.ReadModel;
import io.canvass.query.engine.ReadModelWrites;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The statement lines finance recorded, one document per line keyed by its source and line id (a
 * line is recorded once, so a redelivery sets the same fields again), with the match that settles
 * it now, if any: what the settlement view and finance's list of lines read, by source and day.
 */
@Component
public class StatementLinesProjection implements ReadModel {

    public static final String STATEMENT_LINES = "statement_lines";

    @Override
    public List<String> collections() {
        return List.of(STATEMENT_LINES);
    }

    @Override
    public void createIndexes(MongoTemplate mongo) {
        mongo.getCollection(STATEMENT_LINES).createIndex(Indexes.ascending("source", "day"));
        mongo.getCollection(STATEMENT_LINES).createIndex(Indexes.ascending("day"));
    }

    /** A line's document id: its source and its id in that source (unique only there). */
    public static String id(StatementLineRecorded line) {
        return id(line.source(), line.lineId());
    }

    static String id(StatementSource source, StatementLineId lineId) {
        return source.name() + ":" + lineId.value();
    }

    @Override
    public void apply(Batch batch, ReadModelWrites writes) {
        for (Delivery delivery : batch.deliveries()) {
            if (delivery.event() instanceof PaymentsMatched match) {
                // the writes of a batch keep their order, so a match, its undo and a new match leave the last
                match.lines().forEach(line -> writes.set(STATEMENT_LINES, id(match.source(), line), "matchId",
                        match.matchId()));
            } else if (delivery.event() instanceof MatchUndone undone) {
                undone.lines().forEach(line -> writes.unset(STATEMENT_LINES, id(undone.source(), line), "matchId"));
            } else if (delivery.event() instanceof StatementLineRecorded line) {
                String id = id(line);
                writes.set(STATEMENT_LINES, id, "source", line.source().name())
                        .set(STATEMENT_LINES, id, "lineId", line.lineId().value())
                        .set(STATEMENT_LINES, id, "day", line.day().toString())
                        .set(STATEMENT_LINES, id, "amount", Bson.money(line.amount()))
                        .set(STATEMENT_LINES, id, "reference", line.reference())
                        .set(STATEMENT_LINES, id, "layout", line.layout())
                        .set(STATEMENT_LINES, id, "fileDigest", line.fileDigest())
                        .set(STATEMENT_LINES, id, "recordedAt", Bson.date(line.occurredAt()))
                        .set(STATEMENT_LINES, id, "position", delivery.position());
            }
        }
    }
}
