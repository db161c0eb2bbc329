package io.canvass.query.platform;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Projects a batch of events into every {@link ReadModel} with a few requests: each read model
 * applies the whole batch in memory (the ledgers of the batch's contracts are read in one request
 * and stored in one), and the dashboards' writes are then sent in one request per collection.
 * <p>
 * Idempotent without transactions: a ledger only ever moves forward (guarded by the aggregate's
 * sequence number), and each dashboard write sets a contract's contribution, under its own key,
 * from the ledger as it stands. A batch handled twice, whole or in part (a crash after some writes
 * and before the token), therefore leaves the same documents.
 */
@Component
public class Projector {

    /** One event as delivered: its aggregate sequence, when it was recorded, its global position. */
    public record Delivery(Object event, long sequence, Instant recordedAt, long position) {
    }

    private final MongoTemplate mongo;
    private final List<ReadModel> readModels;
    private final Map<String, ReadModelWrites.Summary> summaries = new HashMap<>();

    public Projector(MongoTemplate mongo, List<ReadModel> readModels) {
        this.mongo = mongo;
        this.readModels = List.copyOf(readModels);
        this.readModels.forEach(readModel -> summaries.putAll(readModel.summaries()));
    }

    public void apply(List<Delivery> deliveries) {
        Batch batch = new Batch(deliveries);
        ReadModelWrites writes = new ReadModelWrites(summaries);
        for (ReadModel readModel : readModels) {
            readModel.apply(batch, writes);
        }
        writes.flush(mongo);
    }

    /** Every read model, in order. */
    public List<ReadModel> readModels() {
        return readModels;
    }
}
