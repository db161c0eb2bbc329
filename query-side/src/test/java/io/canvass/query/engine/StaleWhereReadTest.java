package io.canvass.query.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.query.support.EventStoreFixture;
import io.canvass.query.support.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 26, first part: a parked event makes stale only the answers that read its stream
 * (docs/freshness.md). Contract c-1, signed in Daoli for the hair salons on 2 March, has a deposit
 * that cannot be read; c-ghost, never signed, has a deposit. Afterwards a district is planned and
 * a prospect recorded in it: their answers, asked past both parked events, are fresh; the answers
 * that read c-1 (its district, its channel's profit, reconciliation that day) say stale and name
 * it; a contract never signed is in no answer (its signing, should it come, is parked behind it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "canvass.embedded-mongo.port=0")
class StaleWhereReadTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();
    static final Instant T = Instant.parse("2026-03-02T02:00:00Z");
    static long poison;
    static long head;

    @DynamicPropertySource
    static void eventStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EVENTS::jdbcUrl);
    }

    @LocalServerPort
    int port;
    @Autowired
    Freshness freshness;

    static void plan(String district) {
        DistrictId d = new DistrictId(district);
        EVENTS.append(d, "District", new DistrictPlanned(d, "Harbin", district, List.of(new PlannedStreet(new StreetId("s"),
                "S Rd")), T.minusSeconds(3600)), "manager", "MANAGER");
    }

    static ProspectId prospect(String id, Channel channel, String district, String salesperson) {
        ProspectId p = new ProspectId(id);
        EVENTS.append(p, "Prospect", new ProspectRecorded(p, channel, "Shop " + id, new DistrictId(district), new StreetId("s"),
                "1 S Rd", null, null, new UserId(salesperson), T), salesperson, "SALES");
        return p;
    }

    @BeforeAll
    static void history() throws Exception {
        plan("daoli");
        ProspectId p1 = prospect("p-1", Channel.HAIR_SALON, "daoli", "sales1");
        ContractId c1 = new ContractId("c-1");
        EVENTS.append(c1, "Contract", new ContractSigned(c1, p1, Channel.HAIR_SALON, new DistrictId("daoli"),
                new StreetId("s"), new UserId("sales1"), ContractKind.SALE, 2, Money.parse("1000.00"),
                Money.parse("400.00"), T), "sales1", "SALES");
        poison = EVENTS.storeStraight("contract:c-1", 1, "DepositCollected", "{\"contractId\":\"c-1\",\"paymentId\":\"x\","
                + "\"amount\":\"four hundred\",\"method\":\"CASH\",\"receiptNo\":\"R\",\"occurredAt\":\"2026-03-03T02:00:00Z\"}");
        EVENTS.storeStraight("contract:c-ghost", 0, "DepositCollected", "{\"contractId\":\"c-ghost\",\"paymentId\":\"g\","
                + "\"amount\":\"100.00\",\"method\":\"CASH\",\"receiptNo\":\"G\",\"occurredAt\":\"2026-03-02T03:00:00Z\"}");
        plan("xinyang");
        prospect("p-2", Channel.PHOTO_STUDIO, "xinyang", "sales2");
        head = EVENTS.head();
    }

    JsonNode read(String user, String path) {
        return new Http(port).ok(user, path);
    }

    static List<String> parked(JsonNode answer) {
        List<String> streams = new ArrayList<>();
        if (answer.get("asOf").has("parked")) {
            answer.get("asOf").get("parked").forEach(p -> streams.add(p.get("stream").asText()));
        }
        return streams;
    }

    void fresh(String user, String path) {
        JsonNode answer = read(user, path);
        assertThat(answer.get("stale").asBoolean()).as(path + " " + answer).isFalse();
        assertThat(parked(answer)).as(path).isEmpty();
    }

    void staleBecauseOfC1(String user, String path) {
        JsonNode answer = read(user, path);
        assertThat(answer.get("stale").asBoolean()).as(path + " " + answer).isTrue();
        assertThat(parked(answer)).as(path).containsExactly("contract:c-1");
        JsonNode c1 = answer.get("asOf").get("parked").get(0);
        assertThat(c1.get("position").asLong()).isEqualTo(poison);
        assertThat(c1.hasNonNull("since")).isTrue();
    }

    @Test
    void a_parked_contract_makes_stale_only_the_answers_that_read_it() {
        await().atMost(Duration.ofSeconds(30)).until(() -> freshness.position() >= head && freshness.caughtUp());
        assertThat(read("admin", "/api/admin/dead-letters")).hasSize(2);

        // the district planned and the prospect recorded after both parked events
        fresh("manager", "/api/coverage/districts/xinyang?minPosition=" + head);
        fresh("manager", "/api/coverage/districts/xinyang?afterWrite=" + head);
        fresh("sales2", "/api/coverage/prospects?districtId=xinyang&minPosition=" + head);
        fresh("manager", "/api/quota/salespeople/sales2?from=2026-03-01&to=2026-03-31&minPosition=" + head);
        fresh("finance", "/api/finance/reconciliation?asOf=2026-03-02&channel=PHOTO_STUDIO&minPosition=" + head);

        // what reads c-1: its district, every district together, its salesperson's quota, its channel's profit,
        // reconciliation as of its day (with minPosition, or without: its figures lack the deposit either way)
        staleBecauseOfC1("manager", "/api/coverage/districts/daoli?minPosition=" + head);
        staleBecauseOfC1("manager", "/api/coverage/districts?minPosition=" + head);
        staleBecauseOfC1("manager", "/api/quota/salespeople/sales1?from=2026-03-01&to=2026-03-31&afterWrite=" + head);
        staleBecauseOfC1("finance", "/api/profit/channels?from=2026-03-01&to=2026-03-31&minPosition=" + head);
        staleBecauseOfC1("finance", "/api/finance/reconciliation?asOf=2026-03-02&minPosition=" + head);
        staleBecauseOfC1("finance", "/api/finance/reconciliation?asOf=2026-03-02");
        // asked only for what came before the poison: fresh, and still naming what is parked in it
        JsonNode before = read("finance", "/api/finance/reconciliation?asOf=2026-03-02&minPosition=" + (poison - 1));
        assertThat(before.get("stale").asBoolean()).isFalse();
        assertThat(parked(before)).containsExactly("contract:c-1");
    }
}
