package io.canvass.query.platform;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The secondary indexes the read models' queries use on a real MongoDB (most reads are by
 * {@code _id}), as each {@link ReadModel} declares them. Made at start and again after a rebuild
 * drops the collections.
 */
@Component
public class ReadModelIndexes {

    private final MongoTemplate mongo;
    private final List<ReadModel> readModels;
    private final DeadLetters deadLetters;

    public ReadModelIndexes(MongoTemplate mongo, List<ReadModel> readModels, DeadLetters deadLetters) {
        this.mongo = mongo;
        this.readModels = readModels;
        this.deadLetters = deadLetters;
        ensure();
    }

    public final void ensure() {
        readModels.forEach(readModel -> readModel.createIndexes(mongo));
        deadLetters.createIndexes();
    }
}
