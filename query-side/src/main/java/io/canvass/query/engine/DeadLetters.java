package io.canvass.query.engine;

import io.canvass.platform.web.NullWhen;
import io.canvass.query.platform.Bson;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Events the read models could not apply, parked instead of stopping the projections (MongoDB
 * collection {@value #COLLECTION}). A parked event's stream (its contract, prospect or district)
 * is parked with it: that stream's later events wait behind it, parked too, so its figures are
 * never applied out of order, while every other stream flows on. {@code POST
 * /api/admin/dead-letters/.../retry} applies them again, in order, once the fault is fixed.
 *
 * <p>Why not Axon's sequenced dead-letter queue: it parks the event whose handler threw, but our
 * handlers only gather a batch and the read models apply it at the batch's end (see {@link
 * Projections}), so a failure belongs to the batch, not to one handler call. This does the same
 * (sequence = the event's stream, a stream's later events enqueued behind its first failure) at
 * the place where the failure happens: the projector finds the failing event and parks it.
 */
@Component
public class DeadLetters {

    public static final String COLLECTION = "dead_letters";
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final MongoTemplate mongo;
    private final Clock clock;

    DeadLetters(MongoTemplate mongo, Clock clock, MeterRegistry metrics) {
        this.mongo = mongo;
        this.clock = clock;
        Gauge.builder("canvass.projection.parked.events", this, DeadLetters::count)
                .description("Events the read models could not apply, parked with the events of their stream behind them")
                .register(metrics);
    }

    /** A parked event. {@code error} is why it failed, or null for an event waiting behind its stream's first. */
    public record DeadLetter(String id, String stream, long position, long sequence, String eventType,
                             @NullWhen("the event did not fail itself: it waits behind an earlier parked event of its"
                                     + " stream (waitingBehind)") String error,
                             @NullWhen("the event failed itself (error)") Long waitingBehind, Instant firstAttempt, Instant lastAttempt, int attempts) {
    }

    /** One parked stream, as answers report it: since when, from which position. */
    public record Parked(String stream, long position, Instant since) {
    }

    void createIndexes(MongoTemplate generation) {
        generation.getCollection(COLLECTION).createIndex(Indexes.ascending("stream", "position"));
    }

    public double count() {
        try {
            return mongo.getCollection(COLLECTION).countDocuments();
        } catch (RuntimeException unavailable) {
            return Double.NaN;
        }
    }

    /** The streams that have a parked event. */
    Set<String> parkedStreams() {
        return parkedStreams(mongo);
    }

    /** The streams that have a parked event in a generation of the read models. */
    Set<String> parkedStreams(MongoTemplate generation) {
        Set<String> streams = new HashSet<>();
        generation.getCollection(COLLECTION).distinct("stream", String.class).forEach(streams::add);
        return streams;
    }

    /** Each parked stream with its first parked event (readiness, the admin's view, the web page's progress). */
    public List<Parked> parked() {
        return parked(null);
    }

    /**
     * Each parked stream an answer reads ({@code reads}; null: every stream) with its first parked
     * event: what the answer reports, and what makes it stale. A stream's reach is what all its
     * parked events reach together (docs/freshness.md).
     */
    public List<Parked> parked(Reads reads) {
        Map<String, Parked> first = new LinkedHashMap<>();
        Map<String, Reach> reach = new HashMap<>();
        for (Document letter : mongo.getCollection(COLLECTION).find().sort(Sorts.ascending("position"))) {
            String stream = letter.getString("stream");
            first.putIfAbsent(stream, new Parked(stream, letter.getLong("position"),
                    letter.getDate("firstAttempt").toInstant()));
            reach.merge(stream, Reach.fromDocument(letter.get("reach", Document.class)), Reach::and);
        }
        return first.values().stream().filter(p -> reads == null || reads.takesIn(p.stream(), reach.get(p.stream())))
                .toList();
    }

    public List<DeadLetter> all() {
        return letters(new Document());
    }

    public List<DeadLetter> of(String stream) {
        return letters(Filters.eq("stream", stream));
    }

    private List<DeadLetter> letters(org.bson.conversions.Bson filter) {
        List<DeadLetter> letters = new ArrayList<>();
        for (Document d : mongo.getCollection(COLLECTION).find(filter).sort(Sorts.ascending("position"))) {
            letters.add(new DeadLetter(d.getString("_id"), d.getString("stream"), d.getLong("position"),
                    d.getLong("sequence"), d.getString("eventType"), d.getString("error"), d.getLong("waitingBehind"),
                    d.getDate("firstAttempt").toInstant(), d.getDate("lastAttempt").toInstant(), d.getInteger("attempts")));
        }
        return letters;
    }

    /**
     * Parks a delivery: with the error that made it fail, or waiting behind its stream's first parked
     * event; {@code reach} is where its figures would go.
     */
    void park(MongoTemplate generation, Projector.Delivery delivery, String error, Reach reach) {
        var letters = generation.getCollection(COLLECTION);
        Instant now = clock.instant();
        Long behind = null;
        if (error == null) {
            Document first = letters.find(Filters.eq("stream", delivery.streamId()))
                    .sort(Sorts.ascending("position")).first();
            behind = first == null ? null : first.getLong("position");
        }
        Document existing = letters.find(Filters.eq("_id", delivery.eventId())).first();
        Document letter = new Document("_id", delivery.eventId()).append("stream", delivery.streamId())
                .append("position", delivery.position()).append("sequence", delivery.sequence())
                .append("eventType", delivery.type()).append("error", error).append("waitingBehind", behind)
                .append("reach", reach.toDocument())
                .append("firstAttempt", existing == null ? java.util.Date.from(now) : existing.getDate("firstAttempt"))
                .append("lastAttempt", java.util.Date.from(now))
                .append("attempts", existing == null ? 1 : existing.getInteger("attempts") + 1);
        letters.replaceOne(Filters.eq("_id", delivery.eventId()), letter,
                new ReplaceOptions().upsert(true));
        if (error != null) {
            log.error("Parked event {} at position {} ({} of {}): {}", delivery.eventId(), delivery.position(),
                    delivery.type(), delivery.streamId(), error);
        }
    }

    /** A retry failed again: say so on the letter. */
    void failedAgain(String id, String error) {
        mongo.getCollection(COLLECTION).updateOne(Filters.eq("_id", id), Updates.combine(
                Updates.set("error", error), Updates.set("lastAttempt", java.util.Date.from(clock.instant())),
                Updates.inc("attempts", 1)));
    }

    void remove(List<String> ids) {
        mongo.getCollection(COLLECTION).deleteMany(Filters.in("_id", ids));
    }
}
