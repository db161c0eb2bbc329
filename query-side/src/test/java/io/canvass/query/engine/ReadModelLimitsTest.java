package io.canvass.query.engine;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.events.territory.StreetsAdded;
import io.canvass.query.coverage.CoverageProjection;
import io.canvass.query.engine.Projector.Delivery;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.support.InMemoryMongo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real MongoDB refuses a document over 16 MB, also one that a {@code $set} makes grow past it;
 * the embedded one checks only what it receives. The limit is enforced before a write is sent, and
 * a document the server refuses fails its stream once: nothing is retried.
 */
class ReadModelLimitsTest {

    static final Instant AT = Instant.parse("2026-03-01T02:00:00Z");

    /** Counts the updates a client sends to one collection. */
    static final class Updates implements CommandListener {
        final String collection;
        final AtomicInteger sent = new AtomicInteger();

        Updates(String collection) {
            this.collection = collection;
        }

        @Override
        public void commandStarted(CommandStartedEvent event) {
            if (event.getCommandName().equals("update") && collection.equals(event.getCommand().getString("update").getValue())) {
                sent.incrementAndGet();
            }
        }
    }

    @Test
    void a_document_growing_past_16_mb_is_refused_by_name_its_stream_parked_once_and_its_size_measured() {
        MongoTemplate base = InMemoryMongo.freshDatabase("limits");
        Updates updates = new Updates(CoverageProjection.DISTRICTS);
        MongoTemplate mongo = InMemoryMongo.otherClient(base, updates);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Projector projector = new Projector(mongo, List.of(new CoverageProjection()), new DeadLetters(mongo,
                Clock.systemUTC(), new SimpleMeterRegistry()), new CanvassSettings(null, null, null, null, null),
                new ReadModelLimits(metrics));
        DistrictId district = new DistrictId("d-9");
        // a district plan whose streets have absurdly long names: each event is under 1 MB, their sum is not
        List<Delivery> deliveries = new ArrayList<>();
        deliveries.add(new Delivery(new DistrictPlanned(district, "Harbin", "Daoli", List.of(), AT), 0, AT, 0));
        for (int i = 1; i <= 18; i++) {
            String name = String.valueOf((char) ('a' + i)).repeat(i == 18 ? 10 : 1_000_000);
            deliveries.add(new Delivery(new StreetsAdded(district, List.of(new PlannedStreet(new StreetId("s-" + i), name)),
                    AT), i, AT, i));
        }

        projector.apply(deliveries);

        List<Document> letters = new ArrayList<>();
        mongo.getCollection(DeadLetters.COLLECTION).find().sort(new Document("position", 1)).forEach(letters::add);
        assertThat(letters).extracting(letter -> letter.getLong("sequence")).containsExactly(17L, 18L);
        Document refused = letters.get(0);
        assertThat(refused.getString("error")).contains("ReadModelWriteRefused", "CoverageProjection",
                CoverageProjection.DISTRICTS, "document d-9", "over the 16777216");
        assertThat(refused.getInteger("attempts")).isEqualTo(1);
        assertThat(letters.get(1).getString("error")).as("waits behind it").isNull();
        // the whole batch was refused before it was sent, then each event applied once: no retries
        assertThat(updates.sent.get()).isEqualTo(17);
        Document stored = mongo.getCollection(CoverageProjection.DISTRICTS).find().first();
        assertThat(stored.get("streets", Document.class)).hasSize(16);
        assertThat(stored.getLong(ReadModelWrites.BYTES)).isEqualTo(ReadModelWrites.size(stored))
                .isLessThan(ReadModelLimits.MAX_DOCUMENT_BYTES);

        double largest = metrics.get("canvass.readmodel.document.largest.bytes")
                .tag("collection", CoverageProjection.DISTRICTS).gauge().value();
        assertThat(largest).as("the refused size").isGreaterThan(ReadModelLimits.MAX_DOCUMENT_BYTES);
        var written = metrics.get("canvass.readmodel.document.bytes").tag("collection", CoverageProjection.DISTRICTS)
                .summary();
        assertThat(written.max()).isEqualTo(stored.getLong(ReadModelWrites.BYTES).doubleValue());
    }

    @Test
    void a_write_the_server_refuses_fails_at_once_without_retries() {
        MongoTemplate base = InMemoryMongo.freshDatabase("limits");
        Updates updates = new Updates("odd");
        MongoTemplate mongo = InMemoryMongo.otherClient(base, updates);
        ReadModelWrites writes = new ReadModelWrites(Map.of(), Map.of("odd", "OddReadModel"),
                new ReadModelLimits(new SimpleMeterRegistry()));
        // a path and a path inside it in one update: every server refuses it (ConflictingUpdateOperators)
        writes.from(new ReadModelWrites.Source("district:d-1", 1)).set("odd", "x", "a", 1).set("odd", "x", "a.b", 2);

        assertThatThrownBy(() -> writes.flush(mongo)).isInstanceOf(ReadModelWriteRefused.class)
                .hasMessageContaining("OddReadModel").hasMessageContaining("document x of odd");
        assertThat(updates.sent.get()).isEqualTo(1);
    }
}
