package io.canvass.query.platform;

import com.mongodb.client.model.Indexes;
import io.canvass.query.coverage.CoverageProjection;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The secondary index the dashboards' queries use on a real MongoDB (every other read is by
 * {@code _id}): coverage reads a page of districts' street documents by district. Made at start
 * and again after a rebuild drops the collections.
 */
@Component
public class ReadModelIndexes {

    private final MongoTemplate mongo;

    public ReadModelIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
        ensure();
    }

    public final void ensure() {
        mongo.getCollection(CoverageProjection.STREETS).createIndex(Indexes.ascending("districtId"));
    }
}
