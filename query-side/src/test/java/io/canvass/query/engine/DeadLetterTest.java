package io.canvass.query.engine;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, first part: an event the read models cannot apply is parked with the later events of
 * its contract, every other contract flows on, answers say so, and a retry after the fault is fixed
 * leaves what a fresh rebuild leaves. Three poisons: a deposit whose stored amount is not money
 * (c-1), an event of a type this version does not know (c-3), and a deposit a read model fails on
 * until the fault is fixed (c-4, through a read model of this test).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "canvass.embedded-mongo.port=0", "canvass.freshness-wait=1s"})
class DeadLetterTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();
    static final Instant T = Instant.parse("2026-03-02T02:00:00Z");
    static volatile boolean faulty = true;
    static volatile boolean slow;

    @DynamicPropertySource
    static void eventStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EVENTS::jdbcUrl);
    }

    /** A read model with a bug: it fails on c-4's deposits while {@link #faulty}. */
    @TestConfiguration
    static class FaultyReadModel {
        @Bean
        @Order(Integer.MAX_VALUE)
        ReadModel faulty() {
            return new ReadModel() {
                @Override
                public List<String> collections() {
                    return List.of();
                }

                @Override
                public void apply(Batch batch, ReadModelWrites writes) {
                    while (slow) {
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    for (Projector.Delivery delivery : batch.deliveries()) {
                        if (faulty && delivery.event() instanceof DepositCollected deposit
                                && deposit.contractId().value().equals("c-4")) {
                            throw new IllegalStateException("a bug in a read model, for c-4's deposit");
                        }
                    }
                }
            };
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MeterRegistry metrics;
    @Autowired
    Freshness freshness;

    static long poisonPosition;

    @BeforeAll
    static void history() throws Exception {
        DistrictId d = new DistrictId("daoli");
        StreetId s = new StreetId("jiefang");
        EVENTS.append(d, "District", new DistrictPlanned(d, "Harbin", "Daoli", List.of(new PlannedStreet(s, "Jiefang Rd")),
                T.minusSeconds(3600)), "manager", "MANAGER");
        for (int c = 1; c <= 4; c++) {
            ProspectId p = new ProspectId("p-" + c);
            EVENTS.append(p, "Prospect", new ProspectRecorded(p, Channel.HAIR_SALON, "Salon " + c, d, s, c + " Jiefang Rd",
                    null, null, new UserId("sales1"), T), "sales1", "SALES");
            ContractId contract = new ContractId("c-" + c);
            EVENTS.append(contract, "Contract", new ContractSigned(contract, p, Channel.HAIR_SALON, d, s, new UserId("sales1"),
                    ContractKind.SALE, 2, Money.parse("1000.00"), Money.parse("400.00"), T), "sales1", "SALES");
        }
        // c-1: a deposit whose stored amount is not money; c-3: a type nobody knows
        poisonPosition = EVENTS.storeStraight("contract:c-1", 1, "DepositCollected", "{\"contractId\":\"c-1\",\"paymentId\":\"x\","
                + "\"amount\":\"four hundred\",\"method\":\"CASH\",\"receiptNo\":\"R\",\"occurredAt\":\"2026-03-03T02:00:00Z\"}");
        EVENTS.storeStraight("contract:c-3", 1, "ContractTeleported", "{\"contractId\":\"c-3\"}");
        EVENTS.sequenceAfter(new ContractId("c-1"), 1);
        EVENTS.sequenceAfter(new ContractId("c-3"), 1);
        for (int c = 1; c <= 4; c++) {
            ContractId contract = new ContractId("c-" + c);
            EVENTS.append(contract, "Contract", new DepositCollected(contract, new PaymentId("dep-" + c), Money.parse("400.00"),
                    PaymentMethod.CASH, "R" + c, T.plusSeconds(86_400)), "sales1", "SALES");
        }
    }

    JsonNode read(String user, String path) {
        return new Http(port).ok(user, path);
    }

    JsonNode line(JsonNode reconciliation, String contractId) {
        for (JsonNode line : reconciliation.get("contracts")) {
            if (line.get("contractId").asText().equals(contractId)) {
                return line;
            }
        }
        throw new AssertionError("no line for " + contractId + " in " + reconciliation);
    }

    @Test
    void a_poison_is_parked_with_its_contracts_later_events_while_every_other_contract_flows_on() {
        long head = EVENTS.head();
        await().atMost(Duration.ofSeconds(30)).until(() -> freshness.position() >= head && freshness.caughtUp());

        // c-2's deposit, after every poison, is on the dashboards; the parked contracts' figures stop before theirs
        JsonNode report = read("finance", "/api/finance/reconciliation?asOf=2026-03-31&size=100&minPosition=" + head);
        assertThat(line(report, "c-2").get("depositCollected").asText()).isEqualTo("400.00");
        assertThat(line(report, "c-1").get("depositCollected").asText()).isEqualTo("0.00");
        // the answer is not fresh up to the head, and says which contracts are parked and since when
        assertThat(report.get("stale").asBoolean()).isTrue();
        List<String> parked = new ArrayList<>();
        report.get("asOf").get("parked").forEach(p -> parked.add(p.get("stream").asText()));
        assertThat(parked).containsExactly("contract:c-1", "contract:c-3", "contract:c-4");
        assertThat(report.get("asOf").get("parked").get(0).get("position").asLong()).isEqualTo(poisonPosition);
        assertThat(report.get("asOf").get("parked").get(0).hasNonNull("since")).isTrue();
        // an answer asking only for what came before the poison is fresh
        assertThat(read("finance", "/api/finance/reconciliation?asOf=2026-03-31&minPosition=" + (poisonPosition - 1))
                .get("stale").asBoolean()).isFalse();

        JsonNode letters = read("admin", "/api/admin/dead-letters");
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        letters.forEach(letter -> byId.put(letter.get("id").asText(), letter));
        JsonNode unreadable = byId.get("straight-contract:c-1");
        assertThat(unreadable.get("position").asLong()).isEqualTo(poisonPosition);
        assertThat(unreadable.get("error").asText()).contains("cannot be read", "four hundred");
        JsonNode unknown = byId.get("straight-contract:c-3");
        assertThat(unknown.get("error").asText()).isEqualTo("unknown event type ContractTeleported revision 1");
        JsonNode waiting = letters.findParents("stream").stream()
                .filter(l -> l.get("stream").asText().equals("contract:c-1") && l.get("error").isNull()).findFirst()
                .orElseThrow();
        assertThat(waiting.get("waitingBehind").asLong()).isEqualTo(poisonPosition);
        JsonNode bug = letters.findParents("stream").stream().filter(l -> l.get("stream").asText().equals("contract:c-4"))
                .findFirst().orElseThrow();
        assertThat(bug.get("error").asText()).contains("a bug in a read model");
        assertThat(letters).hasSize(5);
        assertThat(metrics.get("canvass.projection.parked.events").gauge().value()).isEqualTo(5.0);
        JsonNode processors = read("admin", "/api/admin/processors");
        assertThat(processors.get("parkedEvents").asLong()).isEqualTo(5);
        assertThat(processors.get("segments")).hasSize(2);

        // the fault fixed, a retry applies c-4's deposit; the unreadable ones stay parked, saying so again
        faulty = false;
        JsonNode outcomes = new Http(port).post("admin", "/api/admin/dead-letters/retry").json();
        Map<String, JsonNode> byStream = new LinkedHashMap<>();
        outcomes.forEach(o -> byStream.put(o.get("stream").asText(), o));
        assertThat(byStream.get("contract:c-4").get("applied").asInt()).isEqualTo(1);
        assertThat(byStream.get("contract:c-4").get("stillParked").asInt()).isZero();
        assertThat(byStream.get("contract:c-1").get("stillParked").asInt()).isEqualTo(2);
        assertThat(line(read("finance", "/api/finance/reconciliation?asOf=2026-03-31&size=100"), "c-4")
                .get("depositCollected").asText()).isEqualTo("400.00");
        assertThat(read("admin", "/api/admin/dead-letters")).hasSize(4);

        // what the retry left is what a fresh rebuild leaves (which parks the same unreadable events again)
        Map<String, List<Document>> retried = dump();
        Http.Answer rebuild = new Http(port).post("admin", "/api/admin/rebuild");
        assertThat(rebuild.status()).isEqualTo(202);
        int generation = rebuild.json().get("rebuild").get("generation").asInt();
        await().atMost(Duration.ofSeconds(30)).until(() -> !read("admin", "/api/admin/processors").has("rebuild")
                && read("admin", "/api/admin/processors").get("generation").asInt() == generation
                && freshness.caughtUp() && freshness.position() >= head);
        assertThat(dump()).isEqualTo(retried);
        assertThat(read("admin", "/api/admin/dead-letters")).hasSize(4);
    }

    /** A segment nobody processes (released after a failure) holds the position back; it is never left out. */
    @Test
    void a_segment_that_stopped_holds_freshness_back_and_is_shown() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> freshness.caughtUp() && freshness.position() >= EVENTS.head());
        org.axonframework.eventhandling.StreamingEventProcessor processor = freshness.processor();
        List<Integer> segments = new ArrayList<>(processor.processingStatus().keySet());
        assertThat(segments).hasSize(2);
        for (int segment : segments) {
            processor.releaseSegment(segment, 8, java.util.concurrent.TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> processor.processingStatus().isEmpty());
        ProspectId late = new ProspectId("p-late");
        EVENTS.append(late, "Prospect", new ProspectRecorded(late, Channel.HOTEL, "Late Hotel", new DistrictId("daoli"),
                new StreetId("jiefang"), "99 Jiefang Rd", null, null, new UserId("sales1"), T), "sales1", "SALES");
        long head = EVENTS.head();
        JsonNode answer = read("manager", "/api/coverage/districts?minPosition=" + head);
        assertThat(answer.get("stale").asBoolean()).isTrue();
        assertThat(answer.get("asOf").get("position").asLong()).isLessThan(head);
        assertThat(freshness.caughtUp()).isFalse();
        JsonNode processors = read("admin", "/api/admin/processors");
        assertThat(processors.get("caughtUp").asBoolean()).isFalse();
        assertThat(processors.get("segments")).hasSize(2);
        processors.get("segments").forEach(segment -> assertThat(segment.get("claimedHere").asBoolean()).isFalse());
        // claimed again, it catches up: the answer reaches the head (its staleness now only the parked events')
        await().atMost(Duration.ofSeconds(30)).until(() -> freshness.caughtUp() && freshness.position() >= head);
        JsonNode after = read("manager", "/api/coverage/districts?minPosition=" + head);
        assertThat(after.get("asOf").get("position").asLong()).isGreaterThanOrEqualTo(head);
        assertThat(after.get("stale").asBoolean()).isEqualTo(after.get("asOf").has("parked"));
    }

    /** A rebuild shows its progress; a second one while it runs is refused. */
    @Test
    void a_rebuild_shows_its_progress_and_a_second_one_meanwhile_is_refused() {
        await().atMost(Duration.ofSeconds(30)).until(() -> freshness.caughtUp() && freshness.position() >= EVENTS.head());
        slow = true;
        try {
            assertThat(new Http(port).post("admin", "/api/admin/rebuild").status()).isEqualTo(202);
            JsonNode progress = read("admin", "/api/admin/processors").get("rebuild");
            assertThat(progress.get("target").asLong()).isEqualTo(EVENTS.head());
            assertThat(progress.get("done").asLong()).isLessThan(EVENTS.head());
            assertThat(progress.hasNonNull("startedAt")).isTrue();
            Http.Answer second = new Http(port).post("admin", "/api/admin/rebuild");
            assertThat(second.status()).isEqualTo(409);
            assertThat(second.text()).contains("a rebuild is under way");
        } finally {
            slow = false;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> freshness.caughtUp() && freshness.position() >= EVENTS.head());
        await().atMost(Duration.ofSeconds(5)).until(() -> !read("admin", "/api/admin/processors").has("rebuild"));
    }

    Map<String, List<Document>> dump() {
        return ProjectionsTest.dump(mongo);
    }
}
