package io.canvass.query.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.contract.DepositCollected;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.query.support.EventStoreFixture;
import io.canvass.query.support.Http;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12: the read models in generations. A rebuild builds the next generation in bulk beside the
 * current one, which answers, complete, until one switch; what it builds equals the processor's
 * incremental projection of the same events; a build abandoned by a crash is built again at the next
 * start. Chunks of 7 events, so that chunks cut the contracts' streams everywhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "canvass.embedded-mongo.port=0", "canvass.freshness-wait=1s", "canvass.rebuild.chunk-events=7",
        "canvass.rebuild.retire-after=1s", "canvass.rebuild.abandoned-after=2s"})
class ReadModelGenerationsTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();
    static final Instant T = Instant.parse("2026-03-02T02:00:00Z");
    static final DistrictId DISTRICT = new DistrictId("daoli");
    static final StreetId STREET = new StreetId("jiefang");
    static final AtomicInteger CONTRACTS = new AtomicInteger();

    @DynamicPropertySource
    static void eventStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EVENTS::jdbcUrl);
    }

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    Freshness freshness;
    @Autowired
    ReadModelRebuild rebuild;
    @Autowired
    ReadModelGenerations generations;
    @Autowired
    Projector projector;
    @Autowired
    EventStore eventStore;
    @Autowired
    MongoClient client;

    @BeforeAll
    static void history() {
        EVENTS.append(DISTRICT, "District", new DistrictPlanned(DISTRICT, "Harbin", "Daoli",
                List.of(new PlannedStreet(STREET, "Jiefang Rd")), T.minusSeconds(3600)), "manager", "MANAGER");
        for (int c = 0; c < 30; c++) {
            contract();
        }
    }

    /** A prospect, its contract and the deposit: three streams, five events in all. */
    static void contract() {
        int n = CONTRACTS.incrementAndGet();
        ProspectId p = new ProspectId("p-" + n);
        EVENTS.append(p, "Prospect", new ProspectRecorded(p, Channel.HAIR_SALON, "Salon " + n, DISTRICT, STREET,
                n + " Jiefang Rd", null, null, new UserId("sales1"), T), "sales1", "SALES");
        ContractId contract = new ContractId("c-" + n);
        EVENTS.append(contract, "Contract", new ContractSigned(contract, p, Channel.HAIR_SALON, DISTRICT, STREET,
                new UserId("sales1"), ContractKind.SALE, 2, Money.parse("1000.00"), Money.parse("400.00"), T), "sales1", "SALES");
        EVENTS.append(contract, "Contract", new DepositCollected(contract, new PaymentId("dep-" + n), Money.parse("400.00"),
                PaymentMethod.CASH, "R" + n, T.plusSeconds(86_400)), "sales1", "SALES");
    }

    void caughtUpWithEverything() {
        await().atMost(Duration.ofSeconds(60)).until(() -> rebuild.status().rebuild() == null && freshness.caughtUp()
                && freshness.position() >= EVENTS.head());
    }

    long contractsOnCoverage() {
        Http.Answer answer = new Http(port).get("manager", "/api/coverage/districts/daoli");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json().get("contracts").asLong();
    }

    @Test
    void a_rebuild_while_16_clients_write_never_answers_partial_figures_and_equals_an_incremental_projection()
            throws Exception {
        caughtUpWithEverything();
        int generation = generations.current();
        long before = contractsOnCoverage();
        assertThat(before).isGreaterThanOrEqualTo(30);

        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<?>> writers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            writers.add(clients.submit(() -> {
                // a field team's pace, not a flood: every contract lands on one day, whose documents grow with it
                for (int written = 0; writing.get() && written < 8; written++) {
                    contract();
                    Thread.sleep(25);
                }
                return null;
            }));
        }
        ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
        try {
            Http.Answer started = new Http(port).post("admin", "/api/admin/rebuild");
            assertThat(started.status()).as(started.text()).isEqualTo(202);
            JsonNode progress = started.json().get("rebuild");
            assertThat(progress.get("generation").asInt()).isGreaterThan(generation);
            // while the next generation is built, every answer is the current one's: complete, never less than before
            while (rebuild.status().rebuild() != null) {
                seen.add(contractsOnCoverage());
                Thread.sleep(20);
            }
        } finally {
            writing.set(false);
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            clients.shutdown();
        }
        assertThat(seen).isNotEmpty().allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(before));
        caughtUpWithEverything();
        assertThat(generations.current()).isGreaterThan(generation);
        assertThat(contractsOnCoverage()).isEqualTo(CONTRACTS.get());

        // what the switch left (built in bulk, then the processor's batches) is what the processor alone would build
        MongoTemplate incremental = new MongoTemplate(client, "incremental-" + System.nanoTime());
        List<Projector.Delivery> all = new ArrayList<>();
        try (var stream = eventStore.openStream(null)) {
            long head = EVENTS.head();
            org.axonframework.eventhandling.TrackingToken previous = null;
            while (previous == null || previous.position().orElse(-1) < head) {
                TrackedEventMessage<?> message = stream.nextAvailable();
                Projector.Delivery delivery = Projections.delivery(message, previous);
                previous = message.trackingToken();
                if (delivery != null) {
                    all.add(delivery);
                }
            }
        }
        all = Projections.resolved(all, Projections.lookup(new org.springframework.jdbc.core.JdbcTemplate(EVENTS.superuser())));
        for (int from = 0; from < all.size(); from += 5) {
            projector.apply(incremental, all.subList(from, Math.min(all.size(), from + 5)), false);
        }
        assertThat(ProjectionsTest.dump(mongo)).isEqualTo(ProjectionsTest.dump(incremental));
        // and the generation it replaced is dropped once the requests reading it are done
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.listDatabaseNames().into(new ArrayList<>())
                .contains(generations.databaseName(generation)));
    }

    @Test
    void a_build_abandoned_by_a_crash_is_dropped_and_built_again_at_the_next_start() {
        caughtUpWithEverything();
        var before = ProjectionsTest.dump(mongo);
        int current = generations.current();
        // what a crash leaves: the control document saying a build is under way, from an instance long gone,
        // and a half-built generation
        String leftover = generations.databaseName(current + 1);
        client.getDatabase(leftover).getCollection("contracts").insertOne(new Document("_id", "half-built"));
        generations.control().getCollection(ReadModelGenerations.COLLECTION).updateOne(
                Filters.eq("_id", "projections"), Updates.combine(Updates.set("building", current + 1),
                        Updates.set("builder", "an instance that died"), Updates.set("heartbeat",
                                Date.from(Instant.now().minusSeconds(60)))));
        // the next start: that build has said nothing for 60 s, so it is dropped and the read models built again
        rebuild.atStart();
        assertThat(client.listDatabaseNames().into(new ArrayList<>())).doesNotContain(leftover);
        caughtUpWithEverything();
        assertThat(generations.current()).isEqualTo(current + 2);
        assertThat(ProjectionsTest.dump(mongo)).isEqualTo(before);
        assertThat(generations.state().building()).isNull();
    }

    @Test
    void a_second_rebuild_while_one_is_under_way_elsewhere_is_refused() {
        caughtUpWithEverything();
        int current = generations.current();
        generations.control().getCollection(ReadModelGenerations.COLLECTION).updateOne(
                Filters.eq("_id", "projections"), Updates.combine(Updates.set("building", current + 1),
                        Updates.set("builder", "another instance"), Updates.set("heartbeat", new Date())));
        try {
            Http.Answer refused = new Http(port).post("admin", "/api/admin/rebuild");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.text()).contains("another instance is rebuilding the read models");
        } finally {
            generations.control().getCollection(ReadModelGenerations.COLLECTION).updateOne(
                    Filters.eq("_id", "projections"), Updates.combine(Updates.unset("building"), Updates.unset("builder"),
                            Updates.unset("heartbeat")));
        }
    }
}
