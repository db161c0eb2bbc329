package io.canvass.query.period;

import com.fasterxml.jackson.databind.JsonNode;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.contract.DepositCollected;
import io.canvass.events.contract.PaymentCorrected;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentKind;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.period.MonthClosed;
import io.canvass.events.period.MonthReopened;
import io.canvass.events.period.PeriodId;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.settlement.MatchKind;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.events.settlement.MatchedPayment;
import io.canvass.events.settlement.PaymentsMatched;
import io.canvass.events.settlement.StatementId;
import io.canvass.events.settlement.StatementLineId;
import io.canvass.events.settlement.StatementLineRecorded;
import io.canvass.events.settlement.StatementSource;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.query.engine.Freshness;
import io.canvass.query.support.EventStoreFixture;
import io.canvass.query.support.Http;
import io.canvass.query.support.Xlsx;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The done-when of closing a month (docs/domain.md, "Closing a month"), from events stored
 * straight into a fresh store as the command side stores them: a closed March stays exactly as
 * closed after a late March deposit arrives in April; the deposit is listed as an adjustment
 * after close; reopening and closing again records both, and the new close's statement counts it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "canvass.embedded-mongo.port=0", "canvass.freshness-wait=1s"})
class PeriodApiTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();
    static final PeriodId MARCH = new PeriodId("2026-03");
    static final DistrictId DISTRICT = new DistrictId("daoli");
    static final StreetId STREET = new StreetId("jiefang");
    static final ProspectId PROSPECT = new ProspectId("salon");

    @DynamicPropertySource
    static void eventStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EVENTS::jdbcUrl);
    }

    @LocalServerPort
    int port;
    @Autowired
    Freshness freshness;

    static Instant at(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant();
    }

    static void contract(String id, Channel channel, String salesperson, String signed) {
        ContractId contract = new ContractId(id);
        EVENTS.append(contract, "Contract", new ContractSigned(contract, PROSPECT, channel, DISTRICT, STREET,
                new UserId(salesperson), ContractKind.SALE, 2, Money.parse("1000.00"), Money.parse("500.00"), null,
                at(signed)), salesperson, "SALES");
    }

    static void deposit(String contract, String payment, String amount, String when) {
        ContractId id = new ContractId(contract);
        EVENTS.append(id, "Contract", new DepositCollected(id, new PaymentId(payment), Money.parse(amount),
                PaymentMethod.CASH, "R-" + payment, at(when)), "sales1", "SALES");
    }

    static void slip(String lineId, String day, String amount) {
        EVENTS.append(StatementId.of(StatementSource.CASH_SLIP), "Statement", new StatementLineRecorded(
                StatementSource.CASH_SLIP, new StatementLineId(lineId), LocalDate.parse(day), Money.parse(amount),
                "slip", "plain", "d1", at(day + "T18:00")), "finance", "FINANCE");
    }

    static void match(String matchId, String contract, String payment, String amount, String lineId) {
        EVENTS.append(StatementId.of(StatementSource.CASH_SLIP), "Statement", new PaymentsMatched(
                StatementSource.CASH_SLIP, matchId, List.of(new MatchedPayment(new ContractId(contract),
                MatchedKind.DEPOSIT, new PaymentId(payment), Money.parse(amount))),
                List.of(new StatementLineId(lineId)), MatchKind.AUTOMATIC, null, "rule", at("2026-03-20T09:00")),
                "finance", "FINANCE");
    }

    void caughtUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> freshness.caughtUp() && freshness.position() >= EVENTS.head());
    }

    JsonNode read(String user, String path) {
        return new Http(port).ok(user, path);
    }

    @Test
    void a_closed_march_stays_as_closed_after_a_late_march_deposit_which_is_listed_and_a_new_close_counts_it() {
        EVENTS.append(DISTRICT, "District", new DistrictPlanned(DISTRICT, "Harbin", "Daoli",
                List.of(new PlannedStreet(STREET, "Jiefang Rd")), at("2026-02-27T08:00")), "manager", "MANAGER");
        EVENTS.append(PROSPECT, "Prospect", new ProspectRecorded(PROSPECT, Channel.HAIR_SALON, "Salon", DISTRICT, STREET,
                "1 Jiefang Rd", null, null, new UserId("sales1"), at("2026-02-27T09:00")), "sales1", "SALES");
        contract("c-1", Channel.HAIR_SALON, "sales1", "2026-03-02T10:00");
        deposit("c-1", "p-1", "500.00", "2026-03-05T10:00");
        contract("c-2", Channel.PHOTO_STUDIO, "sales2", "2026-03-10T10:00");
        deposit("c-2", "p-2", "300.00", "2026-03-12T10:00");
        // p-1's cash is on the slip of 5 March, matched before the close; p-2's is matched after it
        slip("slip-1", "2026-03-05", "500.00");
        match("CASH_SLIP-M1", "c-1", "p-1", "500.00", "slip-1");
        caughtUp();
        assertThat(read("finance", "/api/finance/periods/2026-03").get("status").asText()).isEqualTo("OPEN");

        long closedAt = EVENTS.head();
        EVENTS.append(MARCH, "Period", new MonthClosed(MARCH, closedAt, "March reported", at("2026-04-02T09:00")),
                "finance", "FINANCE");
        caughtUp();
        JsonNode closed = read("finance", "/api/finance/periods/2026-03");
        assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
        assertThat(closed.get("stale").asBoolean()).isFalse();
        JsonNode statement = closed.get("statement");
        assertThat(statement.get("position").asLong()).isEqualTo(closedAt);
        assertThat(statement.get("date").asText()).isEqualTo("2026-03-31");
        assertThat(statement.get("totals").get("contracts").asInt()).isEqualTo(2);
        assertThat(statement.get("totals").get("contractValue").asText()).isEqualTo("4000.00");
        assertThat(statement.get("totals").get("collected").asText()).isEqualTo("800.00");
        assertThat(statement.get("byChannel").get("HAIR_SALON").get("collected").asText()).isEqualTo("500.00");
        assertThat(statement.get("bySalesperson").get("sales2").get("collected").asText()).isEqualTo("300.00");
        JsonNode settlement = statement.get("settlement");
        assertThat(settlement.get("totals").get("collected").asText()).isEqualTo("800.00");
        assertThat(settlement.get("totals").get("settled").asText()).isEqualTo("500.00");
        assertThat(settlement.get("totals").get("inTransit").asText()).isEqualTo("300.00");
        assertThat(settlement.get("bySalesperson").get("sales2").get("inTransit").asText()).isEqualTo("300.00");
        assertThat(settlement.get("byChannel").get("HAIR_SALON").get("settled").asText()).isEqualTo("500.00");
        assertThat(closed.get("adjustments")).isEmpty();
        assertThat(closed.get("history")).singleElement().satisfies(close -> {
            assertThat(close.get("action").asText()).isEqualTo("CLOSED");
            assertThat(close.get("by").asText()).isEqualTo("finance");
            assertThat(close.get("role").asText()).isEqualTo("FINANCE");
            assertThat(close.get("reason").asText()).isEqualTo("March reported");
            assertThat(close.get("statementPosition").asLong()).isEqualTo(closedAt);
        });

        // April: a deposit of 28 March synced late, an April deposit, a correction of a March payment
        deposit("c-1", "p-late", "200.00", "2026-03-28T10:00");
        deposit("c-2", "p-april", "100.00", "2026-04-03T10:00");
        ContractId c2 = new ContractId("c-2");
        EVENTS.append(c2, "Contract", new PaymentCorrected(c2, "fix-1", new PaymentId("p-2"), PaymentKind.DEPOSIT,
                Money.parse("300.00"), Money.parse("350.00"), "typed 300 for 350", at("2026-04-04T10:00")),
                "finance", "FINANCE");
        slip("slip-2", "2026-03-12", "300.00");
        match("CASH_SLIP-M2", "c-2", "p-2", "300.00", "slip-2");
        caughtUp();
        JsonNode late = read("auditor", "/api/finance/periods/2026-03");
        assertThat(late.get("statement")).as("the statement as closed does not change").isEqualTo(statement);
        assertThat(late.get("adjustments")).hasSize(2);
        JsonNode deposit = late.get("adjustments").get(0);
        assertThat(deposit.get("contractId").asText()).isEqualTo("c-1");
        assertThat(deposit.get("what").asText()).isEqualTo("DEPOSIT");
        assertThat(deposit.get("ref").asText()).isEqualTo("p-late");
        assertThat(deposit.get("fieldDay").asText()).isEqualTo("2026-03-28");
        assertThat(deposit.get("recordedOn").asText()).isNotBlank();
        assertThat(deposit.get("position").asLong()).isGreaterThan(closedAt);
        assertThat(deposit.get("difference").get("collected").asText()).isEqualTo("200.00");
        assertThat(deposit.get("difference").get("contracts").asInt()).isZero();
        JsonNode correction = late.get("adjustments").get(1);
        assertThat(correction.get("what").asText()).isEqualTo("CORRECTION");
        assertThat(correction.get("fieldDay").asText()).as("the corrected payment's day").isEqualTo("2026-03-12");
        assertThat(correction.get("difference").get("collected").asText()).isEqualTo("50.00");
        assertThat(late.get("adjustmentTotals").get("collected").asText()).isEqualTo("250.00");
        workbookAgrees(late);
        // every dashboard shows the late deposit on its field day
        assertThat(read("finance", "/api/finance/reconciliation?asOf=2026-03-31").get("totals").get("collected")
                .asText()).isEqualTo("1050.00");

        EVENTS.append(MARCH, "Period", new MonthReopened(MARCH, "the late deposit of 28 March", at("2026-04-05T09:00")),
                "finance2", "FINANCE");
        caughtUp();
        JsonNode reopened = read("finance", "/api/finance/periods/2026-03");
        assertThat(reopened.get("status").asText()).isEqualTo("REOPENED");
        assertThat(reopened.get("statement")).as("the last close's, until a new one").isEqualTo(statement);

        long closedAgainAt = EVENTS.head();
        EVENTS.append(MARCH, "Period", new MonthClosed(MARCH, closedAgainAt, "March reported again",
                at("2026-04-05T10:00")), "finance", "FINANCE");
        caughtUp();
        JsonNode again = read("finance", "/api/finance/periods/2026-03");
        assertThat(again.get("status").asText()).isEqualTo("CLOSED");
        assertThat(again.get("history")).extracting(a -> a.get("action").asText() + " " + a.get("by").asText() + " "
                + a.get("reason").asText()).containsExactly("CLOSED finance March reported",
                "REOPENED finance2 the late deposit of 28 March", "CLOSED finance March reported again");
        assertThat(again.get("statement").get("position").asLong()).isEqualTo(closedAgainAt);
        assertThat(again.get("statement").get("totals").get("collected").asText()).isEqualTo("1050.00");
        // p-2 settled at its amount as corrected; p-late is in transit
        assertThat(again.get("statement").get("settlement").get("totals").get("settled").asText()).isEqualTo("850.00");
        assertThat(again.get("statement").get("settlement").get("totals").get("inTransit").asText())
                .isEqualTo("200.00");
        assertThat(again.get("adjustments")).isEmpty();
    }

    /** The month as the workbook finance opens (docs/finance.md, "Exports"): the JSON's figures, as numbers. */
    void workbookAgrees(JsonNode month) {
        Http.Download file = new Http(port).download("auditor", "/api/finance/periods/2026-03/xlsx", "*/*");
        assertThat(file.status()).isEqualTo(200);
        Xlsx xlsx = new Xlsx(file.body());
        assertThat(xlsx.sheetNames()).containsExactly("Summary", "statement.byChannel", "statement.bySalesperson",
                "statement.settlement.byChannel", "settlement.bySalesperson", "history", "adjustments");
        assertThat(xlsx.summary("status").getStringCellValue()).isEqualTo("CLOSED");
        assertThat(xlsx.day(xlsx.summary("statement.date"))).isEqualTo(LocalDate.parse("2026-03-31"));
        JsonNode statement = month.get("statement");
        for (String figure : List.of("contractValue", "depositCollected", "outstanding", "collected")) {
            assertThat(xlsx.money("statement.byChannel", "Total", figure)).as(figure)
                    .isEqualByComparingTo(statement.get("totals").get(figure).asText());
        }
        for (String figure : List.of("collected", "settled", "inTransit")) {
            assertThat(xlsx.money("settlement.bySalesperson", "Total", figure)).as(figure)
                    .isEqualByComparingTo(statement.get("settlement").get("totals").get(figure).asText());
            assertThat(xlsx.money("settlement.bySalesperson", "sales2", figure)).as(figure)
                    .isEqualByComparingTo(statement.get("settlement").get("bySalesperson").get("sales2").get(figure).asText());
        }
        assertThat(xlsx.rows("adjustments")).isEqualTo(1 + month.get("adjustments").size() + 1);
        assertThat(xlsx.money("adjustments", "Total", "difference.collected"))
                .isEqualByComparingTo(month.get("adjustmentTotals").get("collected").asText());
        assertThat(xlsx.day(xlsx.cell("adjustments", "c-1", "fieldDay"))).isEqualTo(LocalDate.parse("2026-03-28"));
        assertThat(xlsx.cell("history", "CLOSED", "reason").getStringCellValue()).isEqualTo("March reported");
        assertThat(new Http(port).download("manager", "/api/finance/periods/2026-03/xlsx", "*/*").status())
                .isEqualTo(403);
    }

    @Test
    void finance_and_auditors_read_a_month_and_a_bad_month_is_a_400_naming_it() {
        Http http = new Http(port);
        assertThat(http.get("auditor", "/api/finance/periods/2026-02").status()).isEqualTo(200);
        for (String user : List.of("manager", "sales1", "installer")) {
            assertThat(http.get(user, "/api/finance/periods/2026-02").status()).as(user).isEqualTo(403);
        }
        for (String bad : List.of("2026-13", "+1000000000-01", "1999-12", "2026-3", "march")) {
            Http.Answer answer = http.get("finance", "/api/finance/periods/" + bad);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.text()).as(bad).contains("\"fields\":[\"month\"]");
        }
    }
}
