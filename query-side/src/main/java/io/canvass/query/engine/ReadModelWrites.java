package io.canvass.query.engine;

import io.canvass.query.platform.Bson;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>
 * A collection may keep {@link Summary totals} in each document, worked out from the fields
 * written: those documents are read first (only the fields the totals depend on), and written
 * only if the fields read are still as read; when another writer got there first, the batch's
 * writes to that collection are worked out again from what is stored now. Totals and the fields
 * they come from change in one single-document write, so they always agree, without transactions.
 */
public final class ReadModelWrites {

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final ReplaceOptions REPLACE_UPSERT = new ReplaceOptions().upsert(true);
    private static final int ATTEMPTS = 20;
    private static final int PROJECTED_FIELDS = 64;

    /** Totals kept in each document of a collection, derived from the batch's writes and the stored values. */
    public interface Summary {

        /** The stored fields (paths) the totals depend on, given the document's writes. */
        Set<String> reads(Map<String, Object> set, Set<String> unset);

        /**
         * Of those, the fields other writers may change as well (the totals, shared counters): the
         * write is made only if they are still as read. Values must be scalars.
         */
        Set<String> guards(Map<String, Object> set, Set<String> unset);

        /**
         * Adds the derived writes (totals, counters) to {@code set} and {@code unset}, from the stored
         * fields; answers false when the writes change nothing stored (the document is then left alone).
         */
        boolean derive(Document stored, Map<String, Object> set, Set<String> unset);

        /**
         * The fields holding a document's contributions, when a document left without any is to be
         * deleted (its totals are then zero): so that how the events were batched never shows.
         */
        default List<String> deletedWhenEmpty() {
            return List.of();
        }
    }

    private final Map<String, Map<String, DocumentWrites>> collections = new LinkedHashMap<>();
    private final Map<String, Summary> summaries;

    public ReadModelWrites() {
        this(Map.of());
    }

    public ReadModelWrites(Map<String, Summary> summaries) {
        this.summaries = summaries;
    }

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
        flush(mongo, false);
    }

    /**
     * Sends every write to a generation of the read models. {@code soleWriter}: nothing else writes
     * there (it is being built), so totals are written without guards, by {@code _id} alone (the one
     * filter the embedded MongoDB answers from its index: any other field makes it scan the collection).
     */
    public void flush(MongoTemplate mongo, boolean soleWriter) {
        // the collections are independent: a build (large batches, nobody else writing) sends them side by side
        var each = soleWriter ? collections.entrySet().parallelStream() : collections.entrySet().stream();
        each.forEach(entry -> {
            Summary summary = summaries.get(entry.getKey());
            if (summary == null) {
                write(mongo.getCollection(entry.getKey()), entry.getValue());
            } else {
                writeSummarized(mongo.getCollection(entry.getKey()), entry.getValue(), summary, soleWriter);
            }
        });
        collections.clear();
    }

    private static void write(MongoCollection<Document> collection, Map<String, DocumentWrites> documents) {
        List<WriteModel<Document>> updates = new ArrayList<>(documents.size());
        documents.forEach((id, writes) -> updates.add(new UpdateOneModel<>(Filters.eq("_id", id),
                update(writes.onInsert, writes.set, writes.unset), UPSERT)));
        if (!updates.isEmpty()) {
            collection.bulkWrite(updates);
        }
    }

    private static void writeSummarized(MongoCollection<Document> collection, Map<String, DocumentWrites> documents,
                                        Summary summary, boolean soleWriter) {
        for (int attempt = 1; ; attempt++) {
            Set<String> fields = new LinkedHashSet<>();
            documents.values().forEach(writes -> {
                fields.addAll(summary.reads(writes.set, writes.unset));
                fields.addAll(summary.guards(writes.set, writes.unset));
            });
            Map<String, Document> stored = new HashMap<>();
            // a projection of many fields costs the embedded MongoDB more than the whole documents (it
            // splits every path of it for every document): large batches read them whole
            Bson.findByIds(collection, documents.keySet(), soleWriter || fields.size() > PROJECTED_FIELDS ? null
                            : Projections.include(List.copyOf(fields)),
                    document -> stored.put(document.getString("_id"), document));
            List<WriteModel<Document>> updates = new ArrayList<>(documents.size());
            documents.forEach((id, writes) -> {
                Document current = stored.get(id);
                Map<String, Object> set = new LinkedHashMap<>(writes.set);
                Set<String> unset = new LinkedHashSet<>(writes.unset);
                if (!summary.derive(current == null ? new Document() : current, set, unset)) {
                    return;
                }
                List<org.bson.conversions.Bson> filter = new ArrayList<>();
                filter.add(Filters.eq("_id", id));
                if (soleWriter) {
                    // the whole document, as read and changed here: the embedded MongoDB checks every pair of an
                    // update's paths against each other and parses each with a regular expression, and a build's
                    // large batches give a day's document thousands of paths
                    updates.add(new ReplaceOneModel<>(filter.get(0), replacement(id, current, writes.onInsert, set, unset),
                            REPLACE_UPSERT));
                    return;
                }
                for (String guard : summary.guards(writes.set, writes.unset)) {
                    Object value = current == null ? null : Bson.at(current, guard);
                    filter.add(value == null ? Filters.exists(guard, false) : Filters.eq(guard, value));
                }
                updates.add(new UpdateOneModel<>(Filters.and(filter), update(writes.onInsert, set, unset),
                        new UpdateOptions().upsert(current == null)));
            });
            try {
                if (updates.isEmpty()) {
                    return;
                }
                BulkWriteResult result = collection.bulkWrite(updates, new BulkWriteOptions().ordered(false));
                if (result.getMatchedCount() + result.getUpserts().size() == updates.size()) {
                    deleteEmptied(collection, documents, summary);
                    return;
                }
            } catch (MongoBulkWriteException raced) {
                // another writer created one of the documents first: work the writes out again
            }
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException("could not write the totals of " + collection.getNamespace()
                        + " after " + ATTEMPTS + " attempts: other writers kept changing them");
            }
        }
    }

    /**
     * Deletes the documents this batch removed contributions from that have none left. Atomic per
     * document: one that another writer has just given a contribution is not empty, and a writer
     * that read a document deleted here finds its guard unmatched and works its writes out again.
     */
    private static void deleteEmptied(MongoCollection<Document> collection, Map<String, DocumentWrites> documents,
                                      Summary summary) {
        List<String> contributions = summary.deletedWhenEmpty();
        List<String> emptied = documents.entrySet().stream().filter(entry -> !entry.getValue().unset.isEmpty())
                .map(Map.Entry::getKey).toList();
        if (contributions.isEmpty() || emptied.isEmpty()) {
            return;
        }
        List<org.bson.conversions.Bson> empty = new ArrayList<>();
        empty.add(Filters.in("_id", emptied));
        for (String field : contributions) {
            empty.add(Filters.or(Filters.exists(field, false), Filters.eq(field, new Document())));
        }
        collection.deleteMany(Filters.and(empty));
    }

    /** The document after the writes: {@code $setOnInsert}, {@code $set} and {@code $unset} applied here. */
    static Document replacement(String id, Document stored, Map<String, Object> onInsert, Map<String, Object> set,
                                Set<String> unset) {
        Document document = stored == null ? new Document("_id", id) : stored;
        if (stored == null) {
            onInsert.forEach((path, value) -> put(document, path, value));
        }
        set.forEach((path, value) -> put(document, path, value));
        for (String path : unset) {
            int dot = path.lastIndexOf('.');
            Object parent = dot < 0 ? document : Bson.at(document, path.substring(0, dot));
            if (parent instanceof Document sub) {
                sub.remove(path.substring(dot + 1));
            }
        }
        return document;
    }

    private static void put(Document document, String path, Object value) {
        String[] parts = path.split("\\.");
        Document parent = document;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = parent.get(parts[i]);
            Document sub = child instanceof Document existing ? existing : new Document();
            if (sub != child) {
                parent.put(parts[i], sub);
            }
            parent = sub;
        }
        parent.put(parts[parts.length - 1], value);
    }

    private static org.bson.conversions.Bson update(Map<String, Object> onInsert, Map<String, Object> set,
                                                    Set<String> unset) {
        List<org.bson.conversions.Bson> parts = new ArrayList<>();
        onInsert.forEach((field, value) -> parts.add(Updates.setOnInsert(field, value)));
        set.forEach((field, value) -> parts.add(Updates.set(field, value)));
        unset.forEach(field -> parts.add(Updates.unset(field)));
        return Updates.combine(parts);
    }
}
