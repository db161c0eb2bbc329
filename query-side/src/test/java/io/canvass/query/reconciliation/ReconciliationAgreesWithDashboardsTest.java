package io.canvass.query.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.contract.ContractCancelled;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.contract.DepositCollected;
import io.canvass.events.contract.PaymentCorrected;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentKind;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.query.engine.Freshness;
import io.canvass.query.support.EventStoreFixture;
import io.canvass.query.support.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9's two reproductions on a fresh store, through HTTP (docs/domain.md#field-time-and-recorded-time and
 * docs/domain.md#reconciliation-totals): a cancelled contract is out of reconciliation's contract counts and
 * value but its money stays listed; a corrected deposit counts at its corrected amount on the
 * deposit's own day. Reconciliation then agrees with profit and coverage for the same span.
 * <pre>
 * c-1  2 x 1380.00, deposit 500.00, signed 2026-03-02; deposit 500.00 on 03-03; cancelled 03-05 (refund 500.00)
 * c-2  1 x 1000.00, deposit 300.00, signed 2026-03-06; deposit 300.00 on 03-30, corrected to 250.00 on 04-02
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "canvass.embedded-mongo.port=0", "canvass.freshness-wait=1s"})
class ReconciliationAgreesWithDashboardsTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();

    @DynamicPropertySource
    static void eventStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EVENTS::jdbcUrl);
    }

    @LocalServerPort
    int port;
    @Autowired
    Freshness freshness;

    @BeforeAll
    static void history() {
        DistrictId daoli = new DistrictId("daoli");
        StreetId street = new StreetId("jiefang");
        EVENTS.append(daoli, "District", new DistrictPlanned(daoli, "Harbin", "Daoli",
                List.of(new PlannedStreet(street, "Jiefang Rd")), Instant.parse("2026-03-01T00:00:00Z")), "manager", "MANAGER");
        ProspectId p1 = new ProspectId("p1");
        EVENTS.append(p1, "Prospect", new ProspectRecorded(p1, Channel.HAIR_SALON, "Lily Salon", daoli, street, "12 Jiefang Rd",
                null, null, new UserId("sales1"), Instant.parse("2026-03-02T01:00:00Z")), "sales1", "SALES");

        ContractId c1 = new ContractId("c-1");
        EVENTS.append(c1, "Contract", new ContractSigned(c1, p1, Channel.HAIR_SALON, daoli, street, new UserId("sales1"),
                ContractKind.SALE, 2, Money.parse("1380.00"), Money.parse("500.00"), Instant.parse("2026-03-02T02:00:00Z")),
                "sales1", "SALES");
        EVENTS.append(c1, "Contract", new DepositCollected(c1, new PaymentId("c1-dep"), Money.parse("500.00"),
                PaymentMethod.CASH, "R1", Instant.parse("2026-03-03T02:00:00Z")), "sales1", "SALES");
        EVENTS.append(c1, "Contract", new ContractCancelled(c1, "shop closed", Money.parse("500.00"),
                Instant.parse("2026-03-05T03:00:00Z")), "finance", "FINANCE");

        ContractId c2 = new ContractId("c-2");
        EVENTS.append(c2, "Contract", new ContractSigned(c2, p1, Channel.HAIR_SALON, daoli, street, new UserId("sales1"),
                ContractKind.SALE, 1, Money.parse("1000.00"), Money.parse("300.00"), Instant.parse("2026-03-06T02:00:00Z")),
                "sales1", "SALES");
        EVENTS.append(c2, "Contract", new DepositCollected(c2, new PaymentId("c2-dep"), Money.parse("300.00"),
                PaymentMethod.CASH, "R2", Instant.parse("2026-03-30T02:00:00Z")), "sales1", "SALES");
        EVENTS.append(c2, "Contract", new PaymentCorrected(c2, "fix-1", new PaymentId("c2-dep"), PaymentKind.DEPOSIT,
                Money.parse("300.00"), Money.parse("250.00"), "receipt says 250", Instant.parse("2026-04-02T02:00:00Z")),
                "finance", "FINANCE");
    }

    @BeforeEach
    void caughtUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> freshness.caughtUp() && freshness.position() >= EVENTS.head());
    }

    JsonNode read(String user, String path) {
        return new Http(port).ok(user, path);
    }

    /**
     * March's totals as docs/domain.md#reconciliation-totals defines them: c-1 is not live on 31
     * March; its money stays listed.
     */
    static void assertMarchTotals(JsonNode totals) {
        assertThat(totals.get("contracts").asInt()).isEqualTo(1);
        assertThat(totals.get("lines").asInt()).isEqualTo(2);
        assertThat(totals.get("contractValue").asText()).isEqualTo("1000.00");
        assertThat(totals.get("depositRequired").asText()).isEqualTo("300.00");
        assertThat(totals.get("balanceDue").asText()).isEqualTo("700.00");
        assertThat(totals.get("depositCollected").asText()).isEqualTo("750.00");
        assertThat(totals.get("balanceCollected").asText()).isEqualTo("0.00");
        assertThat(totals.get("refunded").asText()).isEqualTo("500.00");
        assertThat(totals.get("collected").asText()).isEqualTo("250.00");
        assertThat(totals.get("outstanding").asText()).isEqualTo("750.00");
    }

    @Test
    void a_cancelled_contract_is_out_of_the_counts_and_a_correction_counts_on_the_payments_day() {
        JsonNode march = read("finance", "/api/finance/reconciliation?asOf=2026-03-31");
        assertMarchTotals(march.get("totals"));
        assertMarchTotals(march.get("byChannel").get("HAIR_SALON"));
        assertMarchTotals(march.get("bySalesperson").get("sales1"));
        assertMarchTotals(read("finance", "/api/finance/reconciliation?asOf=2026-03-31&channel=HAIR_SALON&salespersonId=sales1")
                .get("totals"));
        assertThat(read("finance", "/api/finance/reconciliation?asOf=2026-03-31&channel=HOTEL").get("totals")
                .get("contracts").asInt()).isZero();

        JsonNode lines = march.get("contracts");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("contractId").asText()).isEqualTo("c-1");
        assertThat(lines.get(0).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(lines.get(0).get("refunded").asText()).isEqualTo("500.00");
        assertThat(lines.get(1).get("contractId").asText()).isEqualTo("c-2");
        assertThat(lines.get(1).get("depositCollected").asText()).as("corrected on the deposit's own day").isEqualTo("250.00");
        assertThat(lines.get(1).get("status").asText()).as("250.00 of the 300.00 required").isEqualTo("SIGNED");

        // paged, one line a page: the cancelled line is still listed, and counted in the page's total
        JsonNode first = read("finance", "/api/finance/reconciliation?asOf=2026-03-31&size=1&page=0");
        JsonNode second = read("finance", "/api/finance/reconciliation?asOf=2026-03-31&size=1&page=1");
        assertThat(first.get("contracts").get(0).get("contractId").asText()).isEqualTo("c-1");
        assertThat(second.get("contracts").get(0).get("contractId").asText()).isEqualTo("c-2");
        assertMarchTotals(second.get("totals"));
        assertThat(first.get("page").get("totalElements").asLong()).isEqualTo(2);

        Http.Answer csv = new Http(port).get("finance", "/api/finance/reconciliation?asOf=2026-03-31", "text/csv");
        assertThat(csv.text().lines().toList()).containsExactly(
                "contractId,channel,salespersonId,status,contractValue,depositRequired,depositCollected,balanceDue,"
                        + "balanceCollected,refunded,outstanding,flags",
                "\"c-1\",HAIR_SALON,\"sales1\",CANCELLED,2760.00,500.00,500.00,2260.00,0.00,500.00,0.00,",
                "\"c-2\",HAIR_SALON,\"sales1\",SIGNED,1000.00,300.00,250.00,700.00,0.00,0.00,750.00,");

        // before the cancellation c-1 was live, and counted
        JsonNode fourth = read("finance", "/api/finance/reconciliation?asOf=2026-03-04").get("totals");
        assertThat(fourth.get("contracts").asInt()).isEqualTo(1);
        assertThat(fourth.get("contractValue").asText()).isEqualTo("2760.00");
        assertThat(fourth.get("collected").asText()).isEqualTo("500.00");
    }

    @Test
    void reconciliation_profit_and_coverage_agree_on_contracts_value_and_money_for_the_same_span() {
        JsonNode reconciliation = read("finance", "/api/finance/reconciliation?asOf=2026-03-31").get("totals");
        JsonNode profit = read("finance", "/api/profit/channels?from=2026-03-01&to=2026-03-31").get("total");
        JsonNode coverage = read("manager", "/api/coverage/districts/daoli");
        assertThat(profit.get("contracts").asInt()).isEqualTo(reconciliation.get("contracts").asInt()).isEqualTo(1);
        assertThat(coverage.get("contracts").asInt()).isEqualTo(1);
        assertThat(profit.get("revenue").asText()).isEqualTo(reconciliation.get("contractValue").asText());
        assertThat(profit.get("collected").asText()).isEqualTo(reconciliation.get("collected").asText());
        assertThat(profit.get("outstanding").asText()).isEqualTo(reconciliation.get("outstanding").asText());
    }
}
