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
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import com.mongodb.event.CommandStartedEvent;
import io.canvass.query.prospects.ProspectsProjection;
import io.canvass.query.ledger.LedgerStore;
import org.bson.Document;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
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
        "canvass.security.demo-users=true", "canvass.freshness-wait=1s", "canvass.rebuild.chunk-events=7",
        "canvass.rebuild.retire-after=20s", "canvass.rebuild.abandoned-after=2s"})
class ReadModelGenerationsTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();
    /**
     * A MongoDB of its own rather than the embedded default's, so that Spring Boot builds the client
     * and the test's command listener ({@link Pausing}) is on it. The JVM's end stops it.
     */
    static final String MONGO = new MongoServer(new MemoryBackend()).bindAndGetConnectionString();
    static final Instant T = Instant.parse("2026-03-02T02:00:00Z");
    static final DistrictId DISTRICT = new DistrictId("daoli");
    static final StreetId STREET = new StreetId("jiefang");
    static final AtomicInteger CONTRACTS = new AtomicInteger();

    @DynamicPropertySource
    static void eventStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EVENTS::jdbcUrl);
        registry.add("spring.data.mongodb.uri", () -> MONGO);
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
        district(EVENTS);
        for (int c = 0; c < 30; c++) {
            contract();
        }
    }

    static void district(EventStoreFixture events) {
        events.append(DISTRICT, "District", new DistrictPlanned(DISTRICT, "Harbin", "Daoli",
                List.of(new PlannedStreet(STREET, "Jiefang Rd")), T.minusSeconds(3600)), "manager", "MANAGER");
    }

    static void contract() {
        contract(EVENTS, CONTRACTS.incrementAndGet());
    }

    /** A prospect, its contract and the deposit: three streams, five events in all. */
    static void contract(EventStoreFixture events, int n) {
        ProspectId p = new ProspectId("p-" + n);
        events.append(p, "Prospect", new ProspectRecorded(p, Channel.HAIR_SALON, "Salon " + n, DISTRICT, STREET,
                n + " Jiefang Rd", null, null, new UserId("sales1"), T), "sales1", "SALES");
        ContractId contract = new ContractId("c-" + n);
        events.append(contract, "Contract", new ContractSigned(contract, p, Channel.HAIR_SALON, DISTRICT, STREET,
                new UserId("sales1"), ContractKind.SALE, 2, Money.parse("1000.00"), Money.parse("400.00"), T), "sales1", "SALES");
        events.append(contract, "Contract", new DepositCollected(contract, new PaymentId("dep-" + n), Money.parse("400.00"),
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
        assertThat(ProjectionsTest.dump(mongo)).isEqualTo(incremental(EVENTS, eventStore, projector, client));
        // and the generation it replaced is dropped once the requests reading it are done
        await().atMost(Duration.ofSeconds(10)).until(() -> collectionsOf(generation).isEmpty());
    }

    /** Every read model's documents as the processor alone builds them, batch by batch, from every event in the store. */
    static Map<String, List<Document>> incremental(EventStoreFixture events, EventStore eventStore, Projector projector,
                                                   MongoClient client) {
        MongoTemplate incremental = new MongoTemplate(client, "incremental-" + System.nanoTime());
        List<Projector.Delivery> all = new ArrayList<>();
        try (var stream = eventStore.openStream(null)) {
            long head = events.head();
            org.axonframework.eventhandling.TrackingToken previous = null;
            while (previous == null || previous.position().orElse(-1) < head) {
                TrackedEventMessage<?> message = stream.nextAvailable();
                Projector.Delivery delivery = Projections.delivery(message, previous);
                previous = message.trackingToken();
                if (delivery != null) {
                    all.add(delivery);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        all = Projections.resolved(all, Projections.lookup(new org.springframework.jdbc.core.JdbcTemplate(events.superuser())));
        for (int from = 0; from < all.size(); from += 5) {
            projector.apply(incremental, all.subList(from, Math.min(all.size(), from + 5)), false);
        }
        return ProjectionsTest.dump(incremental);
    }

    /** A generation's collections in the one database (its read models, dead letters and tokens). */
    List<String> collectionsOf(int generation) {
        return generations.control().listCollectionNames().into(new ArrayList<String>()).stream()
                .filter(name -> name.startsWith(ReadModelGenerations.prefix(generation))).toList();
    }

    @Test
    void a_build_abandoned_by_a_crash_is_dropped_and_built_again_at_the_next_start() {
        caughtUpWithEverything();
        var before = ProjectionsTest.dump(mongo);
        int current = generations.current();
        // what a crash leaves: the control document saying a build is under way, from an instance long gone,
        // and a half-built generation
        generations.database(current + 1).getCollection("contracts").insertOne(new Document("_id", "half-built"));
        generations.control().getCollection(ReadModelGenerations.COLLECTION).updateOne(
                Filters.eq("_id", ReadModelGenerations.ID), Updates.combine(Updates.set("building", current + 1),
                        Updates.set("builder", "an instance that died"), Updates.set("heartbeat",
                                Date.from(Instant.now().minusSeconds(60)))));
        // the next start: that build has said nothing for 60 s, so it is dropped and the read models built again
        rebuild.atStart();
        assertThat(collectionsOf(current + 1)).isEmpty();
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
                Filters.eq("_id", ReadModelGenerations.ID), Updates.combine(Updates.set("building", current + 1),
                        Updates.set("builder", "another instance"), Updates.set("heartbeat", new Date())));
        try {
            Http.Answer refused = new Http(port).post("admin", "/api/admin/rebuild");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.text()).contains("another instance is rebuilding the read models");
        } finally {
            generations.control().getCollection(ReadModelGenerations.COLLECTION).updateOne(
                    Filters.eq("_id", ReadModelGenerations.ID), Updates.combine(Updates.unset("building"), Updates.unset("builder"),
                            Updates.unset("heartbeat")));
        }
    }

    /**
     * The reconciliation CSV and a page of prospects, each held in its read of one collection while a
     * switch happens: the generation they began with is kept until they finish, and they answer whole,
     * exactly what they answered before; then it is dropped.
     */
    @Test
    void a_request_across_a_switch_reads_the_generation_it_began_with_which_is_dropped_only_after_it() throws Exception {
        caughtUpWithEverything();
        String csv = RECONCILIATION_CSV;
        String page = "/api/coverage/prospects?districtId=daoli&size=10&page=1";
        Answer wholeCsv = get(csv, "text/csv");
        Answer wholePage = get(page, "application/json");
        assertThat(wholeCsv.status()).as(wholeCsv.body()).isEqualTo(200);
        assertThat(wholeCsv.body().lines().count()).isGreaterThan(30);
        assertThat(wholePage.status()).as(wholePage.body()).isEqualTo(200);
        assertThat(wholePage.body()).contains("\"prospectId\"");

        int old = generations.current();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (Paused paused = Paused.readsOf(LedgerStore.COLLECTION, ProspectsProjection.PROSPECTS)) {
            Future<Answer> csvAnswer = clients.submit(() -> get(csv, "text/csv"));
            Future<Answer> pageAnswer = clients.submit(() -> get(page, "application/json"));
            paused.reached();
            switched(old);
            // a little longer than an instance takes to adopt and say so: nobody reads the old one but those two
            Thread.sleep(1_500);
            assertThat(collectionsOf(old)).as("the generation two requests still read").isNotEmpty();
            paused.close();
            assertThat(csvAnswer.get(30, TimeUnit.SECONDS)).isEqualTo(wholeCsv);
            assertThat(pageAnswer.get(30, TimeUnit.SECONDS)).isEqualTo(wholePage);
        } finally {
            clients.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> collectionsOf(old).isEmpty());
        assertThat(get(csv, "text/csv")).isEqualTo(wholeCsv);
    }

    /**
     * A request still reading a generation that was dropped anyway (its instance said nothing for longer
     * than abandoned-after, or retire-after passed): 503 with Retry-After, never a short answer.
     */
    @Test
    void a_request_whose_generation_was_dropped_under_it_is_answered_503_with_retry_after() throws Exception {
        caughtUpWithEverything();
        int old = generations.current();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        // held in its read of the contracts' ledgers, which then finds none: not answered as a short CSV
        try (Paused paused = Paused.readsOf(LedgerStore.COLLECTION)) {
            Future<Answer> csvAnswer = clients.submit(() -> get(RECONCILIATION_CSV, "text/csv"));
            paused.reached();
            switched(old);
            generations.drop(old);
            paused.close();
            Answer answer = csvAnswer.get(30, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(503);
            assertThat(answer.retryAfter()).isEqualTo("5");
            assertThat(answer.body()).contains("send the same request again");
        } finally {
            clients.shutdownNow();
        }
        assertThat(get(RECONCILIATION_CSV, "text/csv").status()).isEqualTo(200);
    }

    static final String RECONCILIATION_CSV = "/api/finance/reconciliation/csv?asOf=2026-03-31";

    /** Starts a rebuild and waits until its generation is current on this instance. */
    void switched(int old) {
        rebuild.rebuild();
        await().atMost(Duration.ofSeconds(60)).until(() -> generations.current() > old);
    }

    record Answer(int status, String body, String retryAfter) {
    }

    Answer get(String path, String accept) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + path)).header("Accept", accept)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("manager:demo".getBytes(
                        StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null));
    }

    /**
     * Holds the requests' first reads of these collections (of any generation) on the MongoDB driver's
     * thread, until closed: a request stopped in the middle of its reads, as a long one is.
     */
    static final class Paused implements AutoCloseable {

        private static volatile Paused armed;
        private final List<String> collections;
        private final java.util.Set<String> held = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final CountDownLatch reached;
        private final CountDownLatch resume = new CountDownLatch(1);

        private Paused(List<String> collections) {
            this.collections = collections;
            this.reached = new CountDownLatch(collections.size());
        }

        static Paused readsOf(String... collections) {
            armed = new Paused(List.of(collections));
            return armed;
        }

        void reached() throws InterruptedException {
            assertThat(reached.await(30, TimeUnit.SECONDS)).as("the requests reached their reads: " + held).isTrue();
        }

        @Override
        public void close() {
            armed = null;
            resume.countDown();
        }

        static void hold(CommandStartedEvent event) {
            Paused paused = armed;
            if (paused == null || !"find".equals(event.getCommandName())
                    || !Thread.currentThread().getName().startsWith("http-nio")) {
                return;
            }
            String collection = event.getCommand().getString("find").getValue();
            for (String name : paused.collections) {
                if (collection.matches("g\\d+_" + name) && paused.held.add(name)) {
                    paused.reached.countDown();
                    try {
                        paused.resume.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Pausing {
        @Bean
        MongoClientSettingsBuilderCustomizer pausing() {
            return settings -> settings.addCommandListener(new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    Paused.hold(event);
                }
            });
        }
    }

    @AfterEach
    void noMoreFaults() {
        rebuild.afterStep = (step, generation) -> { };
    }

    void adoptedAndCaughtUp() {
        caughtUpWithEverything();
        await().atMost(Duration.ofSeconds(10)).until(() -> generations.current() == generations.state().current());
        caughtUpWithEverything();
    }

    /**
     * Issue 24: a switch is one write of one document and the tokens belong to their generation. A
     * rebuild failed after each of its steps (built, indexed, its tokens written, and right after the
     * pointer was written, as when its answer is lost in a primary election) leaves one whole generation
     * current: the old one with its own tokens, or the new one with its own. Then more events come, and
     * every read model equals the processor's own projection of the whole store: nothing skipped, nothing
     * applied to a generation whose tokens say otherwise.
     */
    @ParameterizedTest
    @EnumSource(ReadModelRebuild.Step.class)
    void a_rebuild_failing_after_any_step_leaves_one_whole_generation_current(ReadModelRebuild.Step failing) {
        adoptedAndCaughtUp();
        int before = generations.current();
        rebuild.afterStep = (step, generation) -> {
            if (step == failing) {
                throw new IllegalStateException("injected: the builder fails after " + step);
            }
        };
        Http.Answer started = new Http(port).post("admin", "/api/admin/rebuild");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> rebuild.status().rebuild() == null);
        assertThat(rebuild.status().lastRebuild()).contains("injected");

        // the pointer decides: before the switch the old generation stays, after it the new one, whole
        int expected = failing == ReadModelRebuild.Step.SWITCHED ? before + 1 : before;
        await().atMost(Duration.ofSeconds(10)).until(() -> generations.current() == expected);
        assertThat(generations.state().current()).isEqualTo(expected);
        assertThat(generations.state().building()).isNull();

        // more events, then every read model equals the processor's own projection of the whole store
        for (int c = 0; c < 3; c++) {
            contract();
        }
        adoptedAndCaughtUp();
        assertThat(ProjectionsTest.dump(mongo))
                .isEqualTo(incremental(EVENTS, eventStore, projector, client));
        if (expected == before) {
            // the failed generation is gone, its tokens with it
            await().atMost(Duration.ofSeconds(10)).until(() -> generations.control().listCollectionNames()
                    .into(new java.util.ArrayList<String>()).stream()
                    .noneMatch(name -> name.startsWith(ReadModelGenerations.prefix(before + 1))));
        }
    }
}
