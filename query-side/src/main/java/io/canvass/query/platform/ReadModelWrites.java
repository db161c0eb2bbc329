package io.canvass.query.platform;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard writes of one batch of events, gathered per document and sent as one
 * {@code bulkWrite} per collection. Each write sets (or removes) one field under its source's own
 * key, so gathering them changes nothing but the number of round trips: a later write to the same
 * field replaces the earlier one, exactly as if both had been sent one after the other.
 */
public final class ReadModelWrites {

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final Map<String, Map<String, DocumentWrites>> collections = new LinkedHashMap<>();

    private static final class DocumentWrites {
        final Map<String, Object> onInsert = new LinkedHashMap<>();
        final Map<String, Object> set = new LinkedHashMap<>();
        final Set<String> unset = new LinkedHashSet<>();
    }

    private DocumentWrites document(String collection, String id) {
        return collections.computeIfAbsent(collection, c -> new LinkedHashMap<>())
                .computeIfAbsent(id, i -> new DocumentWrites());
    }

    /** A field the document gets only when this batch creates it. */
    public ReadModelWrites onInsert(String collection, String id, String field, Object value) {
        document(collection, id).onInsert.putIfAbsent(field, value);
        return this;
    }

    public ReadModelWrites set(String collection, String id, String field, Object value) {
        DocumentWrites document = document(collection, id);
        document.unset.remove(field);
        document.set.put(field, value);
        return this;
    }

    public ReadModelWrites unset(String collection, String id, String field) {
        DocumentWrites document = document(collection, id);
        document.set.remove(field);
        document.unset.add(field);
        return this;
    }

    /** How many documents this batch writes. */
    public int documents() {
        return collections.values().stream().mapToInt(Map::size).sum();
    }

    /** Sends every write: one upsert per document, one bulk request per collection. */
    public void flush(MongoTemplate mongo) {
        collections.forEach((collection, documents) -> {
            List<WriteModel<Document>> updates = new ArrayList<>(documents.size());
            documents.forEach((id, writes) -> {
                List<org.bson.conversions.Bson> parts = new ArrayList<>();
                writes.onInsert.forEach((field, value) -> parts.add(Updates.setOnInsert(field, value)));
                writes.set.forEach((field, value) -> parts.add(Updates.set(field, value)));
                writes.unset.forEach(field -> parts.add(Updates.unset(field)));
                updates.add(new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(parts), UPSERT));
            });
            if (!updates.isEmpty()) {
                mongo.getCollection(collection).bulkWrite(updates);
            }
        });
        collections.clear();
    }
}
