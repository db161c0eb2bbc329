package io.canvass.query.engine;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The secondary indexes the read models' queries use on a real MongoDB (most reads are by
 * {@code _id}), as each {@link ReadModel} declares them. Made in each generation once it is built
 * (an index kept up during a bulk build costs more than one made afterwards).
 */
@Component
public class ReadModelIndexes {

    private final List<ReadModel> readModels;
    private final DeadLetters deadLetters;

    public ReadModelIndexes(List<ReadModel> readModels, DeadLetters deadLetters) {
        this.readModels = readModels;
        this.deadLetters = deadLetters;
    }

    public void ensure(MongoTemplate generation) {
        readModels.forEach(readModel -> readModel.createIndexes(generation));
        deadLetters.createIndexes(generation);
    }
}
