package io.canvass.query.engine;

import io.canvass.query.platform.Bson;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.bulk.BulkWriteError;
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
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The dashboard writes of one batch of events, gathered per document and sent as one
 * {@code bulkWrite} per collection: the one place every read-model document is written through
 * (docs/read-model-writes.md). Each write sets (or removes) one field under its source's own key,
 * so gathering them changes nothing but the number of round trips: a later write to the same field
 * replaces the earlier one, exactly as if both had been sent one after the other.
 * <p>
 * <b>Conditional on the stream.</b> Every write names the {@link Source} it derives from: a stream
 * and the sequence of that stream it reflects. A document remembers, per stream, the sequence its
 * contributions reflect ({@value #APPLIED}{@code .<stream>}); a write whose stream is stored at the
 * same or a later sequence is dropped, and every write is made only if what was read is still
 * stored (a compare-and-set on those sequences). So an instance that held a segment past its claim
 * (paused, partitioned) and resumes with an old batch cannot put older contributions over newer
 * ones: whoever owns the stream now has written them, at a later sequence.
 * <p>
 * A collection may keep {@link Summary totals} in each document, worked out from the fields
 * written: those documents are read first (only the fields the totals depend on), and written
 * only if the fields read are still as read; when another writer got there first, the batch's
 * writes to that collection are worked out again from what is stored now, after a short backoff.
 * Totals and the fields they come from change in one single-document write, so they always agree,
 * without transactions.
 * <p>
 * <b>Within a real server's limits.</b> Each document carries its own BSON size ({@value #BYTES}),
 * kept in the same write: the size after a write is worked out before it is sent, and a document
 * that would pass 16 MB is refused ({@link ReadModelWriteRefused}) naming the read model and the
 * document, as a real MongoDB refuses it (the embedded one checks only incoming documents). Failures
 * the server reports are classified: a lost race (duplicate key, write conflict) is worked out again;
 * a document the server refuses (too large, invalid) fails at once, without retries; anything else
 * fails the batch, which Axon hands over again.
 */
public final class ReadModelWrites {

    /** Per stream, the sequence a document's contributions reflect. */
    public static final String APPLIED = "applied";
    /** A document's BSON size after its last write. */
    public static final String BYTES = "bytes";

    private static final ReplaceOptions REPLACE_UPSERT = new ReplaceOptions().upsert(true);
    private static final int ATTEMPTS = 20;
    private static final int PROJECTED_FIELDS = 64;
    private static final Codec<Document> CODEC = MongoClientSettings.getDefaultCodecRegistry().get(Document.class);

    /** What a write derives from: a stream and the sequence of that stream it reflects. */
    public record Source(String stream, long sequence) {

        public static Source of(Projector.Delivery delivery) {
            return new Source(delivery.streamId(), delivery.sequence());
        }

        String key() {
            return Bson.key(stream);
        }
    }

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
         * fields ({@code stored} is empty for a document not there yet); answers false when the writes
         * change nothing stored.
         */
        boolean derive(Document stored, Map<String, Object> set, Set<String> unset);
    }

    private final Map<String, Map<String, DocumentWrites>> collections = new LinkedHashMap<>();
    private final Map<String, Summary> summaries;
    private final Map<String, String> owners;
    private final ReadModelLimits limits;
    private Source source;

    /**
     * @param summaries the totals kept per collection
     * @param owners    the read model owning each collection, by collection (named when a write is refused)
     */
    public ReadModelWrites(Map<String, Summary> summaries, Map<String, String> owners, ReadModelLimits limits) {
        this.summaries = summaries;
        this.owners = owners;
        this.limits = limits;
    }

    private static final class DocumentWrites {
        final Map<String, Object> onInsert = new LinkedHashMap<>();
        final Map<String, Object> set = new LinkedHashMap<>();
        final Set<String> unset = new LinkedHashSet<>();
        /** Each written field's stream (its key in {@value #APPLIED}). */
        final Map<String, String> streamOf = new HashMap<>();
        /** Per stream key, the latest sequence this batch writes here. */
        final Map<String, Long> applied = new LinkedHashMap<>();

        void from(String field, Source source) {
            streamOf.put(field, source.key());
            applied.merge(source.key(), source.sequence(), Math::max);
        }
    }

    private DocumentWrites document(String collection, String id) {
        return collections.computeIfAbsent(collection, c -> new LinkedHashMap<>())
                .computeIfAbsent(id, i -> new DocumentWrites());
    }

    /** The source of the writes that follow, until the next call. */
    public ReadModelWrites from(Source source) {
        this.source = source;
        return this;
    }

    /** The writes that follow derive from this delivered event. */
    public ReadModelWrites from(Projector.Delivery delivery) {
        return from(Source.of(delivery));
    }

    /** Forgets the source: the next read model names its own. */
    void forgetSource() {
        this.source = null;
    }

    private Source source(String collection, String field) {
        if (source == null) {
            throw new IllegalStateException("a write to " + collection + "." + field
                    + " names no source: call from(...) with the stream and sequence it derives from");
        }
        return source;
    }

    /** A field the document gets only when this batch creates it (the same from every source). */
    public ReadModelWrites onInsert(String collection, String id, String field, Object value) {
        document(collection, id).onInsert.putIfAbsent(field, value);
        return this;
    }

    public ReadModelWrites set(String collection, String id, String field, Object value) {
        Source from = source(collection, field);
        DocumentWrites document = document(collection, id);
        document.unset.remove(field);
        document.set.put(field, value);
        document.from(field, from);
        return this;
    }

    public ReadModelWrites unset(String collection, String id, String field) {
        Source from = source(collection, field);
        DocumentWrites document = document(collection, id);
        document.set.remove(field);
        document.unset.add(field);
        document.from(field, from);
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
     * there (it is being built), so documents are read whole and replaced by {@code _id} alone,
     * without guards.
     */
    public void flush(MongoTemplate mongo, boolean soleWriter) {
        // the collections are independent: a build (large batches, nobody else writing) sends them side by side
        var each = soleWriter ? collections.entrySet().parallelStream() : collections.entrySet().stream();
        each.forEach(entry -> write(entry.getKey(), mongo.getCollection(entry.getKey()), entry.getValue(),
                summaries.get(entry.getKey()), soleWriter));
        collections.clear();
    }

    /** A document as it will be written: its writes after dropping what is stored already, and its size. */
    private record Planned(String id, WriteModel<Document> model, long bytes) {
    }

    private void write(String name, MongoCollection<Document> collection, Map<String, DocumentWrites> documents,
                       Summary summary, boolean soleWriter) {
        for (int attempt = 1; ; attempt++) {
            Map<String, Document> stored = read(collection, documents, summary, soleWriter);
            List<Planned> planned = new ArrayList<>(documents.size());
            documents.forEach((id, writes) -> {
                Planned one = plan(name, id, writes, stored.get(id), summary, soleWriter);
                if (one != null) {
                    planned.add(one);
                }
            });
            if (planned.isEmpty()) {
                return;
            }
            try {
                BulkWriteResult result = collection.bulkWrite(planned.stream().map(Planned::model).toList(),
                        new BulkWriteOptions().ordered(false));
                if (result.getMatchedCount() + result.getUpserts().size() == planned.size()) {
                    planned.forEach(one -> limits.written(name, one.bytes()));
                    return;
                }
            } catch (MongoBulkWriteException failed) {
                refuseOrRethrow(name, planned, failed);
            }
            // another writer changed a document after it was read: work the writes out again from what is stored
            if (attempt == ATTEMPTS) {
                throw new ReadModelWriteConflict("could not write " + collection.getNamespace() + " after "
                        + ATTEMPTS + " attempts: other writers kept changing the same documents");
            }
            backOff(attempt);
        }
    }

    /**
     * The stored documents: whole for a sole writer (it replaces them) and for many fields; else only
     * what the writes touch, their streams' sequences, the size and the summary's fields.
     */
    private static Map<String, Document> read(MongoCollection<Document> collection, Map<String, DocumentWrites> documents,
                                              Summary summary, boolean soleWriter) {
        Set<String> fields = new LinkedHashSet<>();
        fields.add(BYTES);
        documents.values().forEach(writes -> {
            fields.addAll(writes.set.keySet());
            fields.addAll(writes.unset);
            writes.applied.keySet().forEach(key -> fields.add(APPLIED + "." + key));
            if (summary != null) {
                fields.addAll(summary.reads(writes.set, writes.unset));
                fields.addAll(summary.guards(writes.set, writes.unset));
            }
        });
        // a projection of many fields costs the embedded MongoDB more than the whole documents (it splits
        // every path of it for every document): large batches read them whole
        boolean whole = soleWriter || fields.size() > PROJECTED_FIELDS;
        Map<String, Document> stored = new HashMap<>();
        Bson.findByIds(collection, documents.keySet(), whole ? null : Projections.include(List.copyOf(outermost(fields))),
                document -> stored.put(document.getString("_id"), document));
        // a document written before sizes were kept: read whole once, its size worked out from it
        List<String> unsized = stored.values().stream().filter(document -> !(document.get(BYTES) instanceof Number))
                .map(document -> document.getString("_id")).toList();
        if (!whole && !unsized.isEmpty()) {
            Bson.findByIds(collection, unsized, null, document -> stored.put(document.getString("_id"), document));
        }
        return stored;
    }

    /** The paths without those another one includes (a real server refuses a projection of a path and its parent). */
    static Set<String> outermost(Set<String> paths) {
        Set<String> outermost = new LinkedHashSet<>();
        for (String path : paths) {
            boolean covered = false;
            for (int dot = path.indexOf('.'); dot > 0 && !covered; dot = path.indexOf('.', dot + 1)) {
                covered = paths.contains(path.substring(0, dot));
            }
            if (!covered) {
                outermost.add(path);
            }
        }
        return outermost;
    }

    /**
     * One document's write, or null when there is nothing to write: writes of a stream that the
     * document already reflects at the same or a later sequence are dropped; the totals are derived;
     * the size after the write is worked out and checked.
     */
    private Planned plan(String collection, String id, DocumentWrites writes, Document current, Summary summary,
                         boolean soleWriter) {
        Map<String, Object> set = new LinkedHashMap<>(writes.set);
        Set<String> unset = new LinkedHashSet<>(writes.unset);
        Map<String, Long> applied = new LinkedHashMap<>(writes.applied);
        Map<String, Object> readApplied = new LinkedHashMap<>();
        for (Map.Entry<String, Long> stream : writes.applied.entrySet()) {
            Object done = current == null ? null : Bson.at(current, APPLIED + "." + stream.getKey());
            readApplied.put(stream.getKey(), done);
            if (done instanceof Number at && at.longValue() >= stream.getValue()) {
                // whoever owns the stream now has written this or a later version of its contributions here
                applied.remove(stream.getKey());
                set.keySet().removeIf(field -> stream.getKey().equals(writes.streamOf.get(field)));
                unset.removeIf(field -> stream.getKey().equals(writes.streamOf.get(field)));
            }
        }
        if (current != null && applied.isEmpty()) {
            return null;
        }
        Document stored = current == null ? new Document() : current;
        if (summary != null && !summary.derive(stored, set, unset) && applied.isEmpty() && current != null) {
            return null;
        }
        applied.forEach((key, sequence) -> set.put(APPLIED + "." + key, sequence));
        long bytes = sizeAfter(id, current, writes.onInsert, set, unset);
        limits.check(owners.getOrDefault(collection, collection), collection, id, bytes);
        set.put(BYTES, bytes);
        if (soleWriter) {
            return new Planned(id, new ReplaceOneModel<>(Filters.eq("_id", id),
                    replacement(id, current, writes.onInsert, set, unset), REPLACE_UPSERT), bytes);
        }
        List<org.bson.conversions.Bson> filter = new ArrayList<>();
        filter.add(Filters.eq("_id", id));
        Set<String> guards = new LinkedHashSet<>();
        guards.add(BYTES);
        readApplied.keySet().forEach(key -> guards.add(APPLIED + "." + key));
        if (summary != null) {
            guards.addAll(summary.guards(writes.set, writes.unset));
        }
        for (String guard : guards) {
            Object value = current == null ? null : Bson.at(current, guard);
            filter.add(value == null ? Filters.exists(guard, false) : Filters.eq(guard, value));
        }
        return new Planned(id, new UpdateOneModel<>(Filters.and(filter), update(writes.onInsert, set, unset),
                new UpdateOptions().upsert(current == null)), bytes);
    }

    /**
     * The document's BSON size after the writes. A new document is measured whole; a stored one by
     * its size and the difference the writes make to the part of it read (the fields written, with
     * their parents): adding or removing a field changes a document's size by that field's size alone.
     */
    private static long sizeAfter(String id, Document current, Map<String, Object> onInsert, Map<String, Object> set,
                                  Set<String> unset) {
        if (current == null) {
            Document created = replacement(id, null, onInsert, set, unset);
            created.put(BYTES, 0L);
            return size(created);
        }
        Document before = copy(current);
        before.putIfAbsent(BYTES, 0L);
        long storedBytes = current.get(BYTES) instanceof Number known ? known.longValue() : size(before);
        Document after = replacement(id, copy(before), Map.of(), set, unset);
        after.put(BYTES, 0L);
        return storedBytes + size(after) - size(before);
    }

    /** A document's size as BSON, as the server measures it against its 16 MB limit. */
    public static int size(Document document) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        CODEC.encode(new BsonBinaryWriter(buffer), document, EncoderContext.builder().build());
        return buffer.getPosition();
    }

    private static Document copy(Document document) {
        Document copy = new Document();
        document.forEach((key, value) -> copy.put(key, copyValue(value)));
        return copy;
    }

    private static Object copyValue(Object value) {
        if (value instanceof Document document) {
            return copy(document);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(copyValue(item)));
            return copy;
        }
        return value;
    }

    /**
     * A failed bulk write: a document the server refuses fails the stream that wrote it, at once
     * (retrying cannot help); a lost race (another writer created the document first, a write
     * conflict) returns, to be worked out again; anything else is thrown as it is.
     */
    private void refuseOrRethrow(String collection, List<Planned> planned, MongoBulkWriteException failed) {
        if (failed.getWriteConcernError() != null) {
            throw failed;
        }
        for (BulkWriteError error : failed.getWriteErrors()) {
            Planned document = planned.get(error.getIndex());
            switch (ServerErrors.classify(error.getCode())) {
                case LOST_RACE -> {
                }
                case REFUSED -> throw new ReadModelWriteRefused(owners.getOrDefault(collection, collection), collection,
                        document.id(), "the server refused it: " + error.getMessage() + " (code " + error.getCode() + ")");
                default -> throw failed;
            }
        }
    }

    private static void backOff(int attempt) {
        long millis = Math.min(100, 1L << Math.min(attempt, 7));
        try {
            Thread.sleep(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ReadModelWriteConflict("interrupted while waiting to write again");
        }
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
