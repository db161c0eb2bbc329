package io.canvass.query.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import io.canvass.events.Money;
import io.canvass.events.Channel;
import io.canvass.events.UserId;
import io.canvass.events.contract.ContractCancelled;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.contract.DepositCollected;
import io.canvass.events.contract.PaymentCorrected;
import io.canvass.events.contract.PaymentKind;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.settlement.MatchProposed;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.settlement.MatchKind;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.events.settlement.MatchedPayment;
import io.canvass.events.settlement.PaymentsMatched;
import io.canvass.events.settlement.SettlementFlag;
import io.canvass.events.settlement.SettlementFlagCleared;
import io.canvass.events.settlement.SettlementFlagRaised;
import io.canvass.events.settlement.StatementId;
import io.canvass.events.settlement.StatementLineId;
import io.canvass.events.settlement.StatementLineRecorded;
import io.canvass.events.settlement.StatementSource;
import io.canvass.query.export.Exports;
import io.canvass.query.engine.Freshness;
import io.canvass.query.support.EventStoreFixture;
import io.canvass.query.support.Http;
import io.canvass.query.support.Xlsx;
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
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Settlement as finance and its auditors read it, from events stored straight into a fresh store:
 * <pre>
 * BANK       b-1 2026-03-02  1380.00 (matched, BANK-M1)   b-2 2026-03-03 -400.00 (a refund)
 * WECHAT_PAY w-1 2026-03-02   200.00   w-2 2026-04-01  50.00
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "canvass.embedded-mongo.port=0", "canvass.freshness-wait=1s"})
class SettlementApiTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();
    static final Instant IMPORTED = Instant.parse("2026-04-02T02:00:00Z");

    @DynamicPropertySource
    static void eventStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EVENTS::jdbcUrl);
    }

    @LocalServerPort
    int port;
    @Autowired
    Freshness freshness;

    static void line(StatementSource source, String id, String day, String amount) {
        EVENTS.append(StatementId.of(source), "Statement", new StatementLineRecorded(source, new StatementLineId(id),
                LocalDate.parse(day), Money.parse(amount), "R-" + id, "plain", "d1", IMPORTED), "finance", "FINANCE");
    }

    @BeforeAll
    static void history() {
        line(StatementSource.BANK, "b-1", "2026-03-02", "1380.00");
        line(StatementSource.BANK, "b-2", "2026-03-03", "-400.00");
        line(StatementSource.WECHAT_PAY, "w-1", "2026-03-02", "200.00");
        line(StatementSource.WECHAT_PAY, "w-2", "2026-04-01", "50.00");
        EVENTS.append(StatementId.of(StatementSource.BANK), "Statement", new PaymentsMatched(StatementSource.BANK,
                "BANK-M1", List.of(new MatchedPayment(new ContractId("c-1"), MatchedKind.DEPOSIT, new PaymentId("p-1"),
                Money.parse("1380.00"))), List.of(new StatementLineId("b-1")), MatchKind.AUTOMATIC, null, "rule",
                IMPORTED), "finance", "FINANCE");

        DistrictId district = new DistrictId("daoli");
        StreetId street = new StreetId("jiefang");
        EVENTS.append(district, "District", new DistrictPlanned(district, "Harbin", "Daoli",
                List.of(new PlannedStreet(street, "Jiefang Rd")), at("2026-02-27T08:00")), "manager", "MANAGER");
        ProspectId prospect = new ProspectId("salon");
        EVENTS.append(prospect, "Prospect", new ProspectRecorded(prospect, Channel.HAIR_SALON, "Salon", district, street,
                "1 Jiefang Rd", null, null, new UserId("sales1"), at("2026-02-27T09:00")), "sales1", "SALES");
        for (String c : List.of("c-1", "c-2", "c-3", "c-4", "c-5")) {
            ContractId contract = new ContractId(c);
            EVENTS.append(contract, "Contract", new ContractSigned(contract, prospect, Channel.HAIR_SALON, district, street,
                    new UserId("sales1"), ContractKind.SALE, 2, Money.parse("1000.00"), Money.parse("1380.00"), null,
                    at("2026-02-28T10:00")), "sales1", "SALES");
        }
        deposit("c-1", "p-1", "1380.00", PaymentMethod.BANK_TRANSFER, "2026-03-01T10:00");
        deposit("c-2", "p-2", "200.00", PaymentMethod.WECHAT_PAY, "2026-03-02T10:00");
        ContractId c3 = new ContractId("c-3");
        EVENTS.append(c3, "Contract", new DepositCollected(c3, new PaymentId("p-3"), Money.parse("50.00"), PaymentMethod.CASH,
                "R-3", at("2026-03-03T10:00")), "sales1", "SALES");
        EVENTS.append(c3, "Contract", new PaymentCorrected(c3, "fix-1", new PaymentId("p-3"), PaymentKind.DEPOSIT,
                Money.parse("50.00"), Money.parse("60.00"), "typed 50 for 60", at("2026-03-04T10:00")), "finance", "FINANCE");
        deposit("c-4", "p-4", "400.00", PaymentMethod.CASH, "2026-03-02T10:00");
        ContractId c4 = new ContractId("c-4");
        EVENTS.append(c4, "Contract", new ContractCancelled(c4, "closed", Money.parse("400.00"), at("2026-03-03T11:00")),
                "finance", "FINANCE");
        deposit("c-5", "p-5", "190.00", PaymentMethod.WECHAT_PAY, "2026-03-30T10:00");
        MatchedPayment p2 = new MatchedPayment(new ContractId("c-2"), MatchedKind.DEPOSIT, new PaymentId("p-2"),
                Money.parse("200.00"));
        EVENTS.append(StatementId.of(StatementSource.WECHAT_PAY), "Statement", new MatchProposed(StatementSource.WECHAT_PAY,
                "WECHAT_PAY-P1", List.of(p2), List.of(new StatementLineId("w-1")), "one of 2", IMPORTED), "finance", "FINANCE");
        EVENTS.append(StatementId.of(StatementSource.WECHAT_PAY), "Statement", new PaymentsMatched(StatementSource.WECHAT_PAY,
                "WECHAT_PAY-M1", List.of(new MatchedPayment(new ContractId("c-5"), MatchedKind.DEPOSIT, new PaymentId("p-5"),
                Money.parse("190.00"))), List.of(new StatementLineId("w-2")), MatchKind.MANUAL, null, "the customer says so",
                IMPORTED), "finance", "FINANCE");
        // what the command side's deadlines recorded (docs/finance.md, "Flags"); c-4's cash deposit, as old
        // as c-2's, has no such event and so no flag: no reader counts days of its own
        Instant due = at("2026-03-09T00:00");
        EVENTS.append(StatementId.of(StatementSource.WECHAT_PAY), "Statement", new SettlementFlagRaised(
                StatementSource.WECHAT_PAY, SettlementFlag.UNSETTLED, p2, null, null, p2.amount(), 7, due), "system", "SYSTEM");
        EVENTS.append(StatementId.of(StatementSource.WECHAT_PAY), "Statement", new SettlementFlagRaised(
                StatementSource.WECHAT_PAY, SettlementFlag.UNKNOWN_RECEIPT, null, new StatementLineId("w-1"), null,
                Money.parse("200.00"), 7, due), "system", "SYSTEM");
        EVENTS.append(StatementId.of(StatementSource.WECHAT_PAY), "Statement", new SettlementFlagRaised(
                StatementSource.WECHAT_PAY, SettlementFlag.AMOUNT_DIFFERS, null, null, "WECHAT_PAY-M1",
                Money.parse("140.00"), 0, IMPORTED), "finance", "FINANCE");
        EVENTS.append(StatementId.of(StatementSource.BANK), "Statement", new SettlementFlagRaised(
                StatementSource.BANK, SettlementFlag.UNKNOWN_RECEIPT, null, new StatementLineId("b-2"), null,
                Money.parse("-400.00"), 7, at("2026-03-10T00:00")), "system", "SYSTEM");
        EVENTS.append(StatementId.of(StatementSource.BANK), "Statement", new SettlementFlagCleared(
                StatementSource.BANK, SettlementFlag.UNKNOWN_RECEIPT, null, new StatementLineId("b-2"), "BANK-M9",
                "matched by BANK-M9", IMPORTED), "finance", "FINANCE");
    }

    static Instant at(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant();
    }

    static void deposit(String contract, String payment, String amount, PaymentMethod method, String when) {
        ContractId id = new ContractId(contract);
        EVENTS.append(id, "Contract", new DepositCollected(id, new PaymentId(payment), Money.parse(amount), method,
                "R-" + payment, at(when)), "sales1", "SALES");
    }

    @Test
    void settlement_as_of_a_day_splits_collected_into_settled_and_in_transit_and_flags_what_waits() {
        JsonNode march = read("finance", "/api/finance/settlement?asOf=2026-03-31");
        // 1380 (settled by b-1) + 200 + 60 (as corrected) + 400 - 400 (refunded) + 190 (its line is of April)
        assertThat(march.get("totals").get("collected").asText()).isEqualTo("1830.00");
        assertThat(march.get("totals").get("settled").asText()).isEqualTo("1380.00");
        assertThat(march.get("totals").get("inTransit").asText()).isEqualTo("450.00");
        JsonNode payments = march.get("unmatchedPayments");
        assertThat(payments).extracting(p -> p.get("contractId").asText() + "/" + p.get("kind").asText())
                .containsExactly("c-2/DEPOSIT", "c-4/DEPOSIT", "c-3/DEPOSIT", "c-4/REFUND", "c-5/DEPOSIT");
        assertThat(payments.get(0).get("source").asText()).isEqualTo("WECHAT_PAY");
        assertThat(payments.get(0).get("flags")).extracting(JsonNode::asText).containsExactly("UNSETTLED");
        assertThat(payments.get(1).get("flags")).as("29 days old, but no deadline recorded it").isEmpty();
        assertThat(payments.get(2).get("amount").asText()).isEqualTo("60.00");
        assertThat(payments.get(3).get("amount").asText()).isEqualTo("-400.00");
        assertThat(payments.get(4).get("flags")).as("one day old").isEmpty();
        assertThat(march.get("unmatchedLines")).extracting(l -> l.get("lineId").asText()).containsExactly("w-1", "b-2");
        assertThat(march.get("unmatchedLines").get(0).get("flags")).extracting(JsonNode::asText)
                .containsExactly("UNKNOWN_RECEIPT");
        assertThat(march.get("unmatchedLines").get(1).get("flags")).as("recorded, then cleared").isEmpty();
        assertThat(march.get("proposals")).singleElement()
                .satisfies(p -> assertThat(p.get("proposalId").asText()).isEqualTo("WECHAT_PAY-P1"));
        assertThat(march.get("amountsDiffer")).as("its line is of April").isEmpty();

        JsonNode early = read("auditor", "/api/finance/settlement?asOf=2026-03-05");
        assertThat(early.get("unmatchedPayments").get(0).get("flags")).as("3 days").isEmpty();
        assertThat(early.get("unmatchedLines").get(0).get("flags")).isEmpty();

        JsonNode april = read("finance", "/api/finance/settlement?asOf=2026-04-30");
        assertThat(april.get("totals").get("settled").asText()).isEqualTo("1570.00");
        assertThat(april.get("amountsDiffer")).singleElement().satisfies(m -> {
            assertThat(m.get("matchId").asText()).isEqualTo("WECHAT_PAY-M1");
            assertThat(m.get("flags").get(0).asText()).isEqualTo("AMOUNT_DIFFERS");
        });
        assertThat(new Http(port).get("manager", "/api/finance/settlement").status()).isEqualTo(403);
        assertThat(new Http(port).get("finance", "/api/finance/settlement?asOf=1999-12-31").status()).isEqualTo(400);
    }

    /** Reconciliation and the follow-ups read the same settlement as the view: settled, in transit, recorded flags. */
    @Test
    void reconciliation_shows_settled_and_in_transit_and_the_follow_ups_the_recorded_settlement_flags() {
        JsonNode march = read("finance", "/api/finance/reconciliation?asOf=2026-03-31");
        assertThat(march.get("totals").get("collected").asText()).isEqualTo("1830.00");
        assertThat(march.get("totals").get("settled").asText()).isEqualTo("1380.00");
        assertThat(march.get("totals").get("inTransit").asText()).isEqualTo("450.00");
        assertThat(march.get("bySalesperson").get("sales1").get("settled").asText()).isEqualTo("1380.00");
        assertThat(march.get("byChannel").get("HAIR_SALON").get("inTransit").asText()).isEqualTo("450.00");
        JsonNode c1 = null;
        for (JsonNode line : march.get("contracts")) {
            if (line.get("contractId").asText().equals("c-1")) {
                c1 = line;
            }
        }
        assertThat(c1.get("settled").asText()).isEqualTo("1380.00");
        assertThat(c1.get("inTransit").asText()).isEqualTo("0.00");
        // c-2's deposit was recorded UNSETTLED: its line says so and counts in flagged, on the page and in total
        assertThat(march.get("contracts")).filteredOn(line -> line.get("contractId").asText().equals("c-2"))
                .singleElement().satisfies(line -> assertThat(line.get("flags")).extracting(JsonNode::asText)
                        .containsExactly("UNSETTLED"));
        assertThat(march.get("totals").get("flagged").asInt()).isEqualTo(1);
        assertThat(read("finance", "/api/finance/reconciliation?asOf=2026-03-08").get("totals").get("flagged").asInt())
                .as("not recorded due yet").isZero();
        JsonNode april = read("finance", "/api/finance/reconciliation?asOf=2026-04-30");
        assertThat(april.get("contracts")).filteredOn(line -> line.get("contractId").asText().equals("c-5"))
                .singleElement().satisfies(line -> assertThat(line.get("flags")).extracting(JsonNode::asText)
                        .containsExactly("AMOUNT_DIFFERS"));
        assertThat(read("finance", "/api/finance/reconciliation?asOf=2026-04-30").get("totals").get("settled").asText())
                .as("c-5's line is of April").isEqualTo("1570.00");
        String csv = new Http(port).get("finance", "/api/finance/reconciliation/csv?asOf=2026-03-31").text();
        assertThat(csv).startsWith("contractId,channel,salespersonId,status,contractValue,depositRequired,"
                + "depositCollected,balanceDue,balanceCollected,refunded,outstanding,flags,settled,inTransit\r\n")
                .contains("\"c-1\",HAIR_SALON,\"sales1\",DEPOSIT_PAID,2000.00,1380.00,1380.00,620.00,0.00,0.00,620.00,,1380.00,0.00\r\n");

        JsonNode followUps = read("finance", "/api/follow-ups?date=2026-03-31").get("settlement");
        assertThat(followUps).extracting(f -> f.get("flag").asText() + " " + f.get("payment").asText("")
                        + f.get("lineId").asText(""))
                .containsExactly("UNSETTLED c-2/DEPOSIT/p-2", "UNKNOWN_RECEIPT w-1");
        assertThat(followUps.get(0).get("since").asText()).isEqualTo("2026-03-09");
        assertThat(followUps.get(0).get("days").asLong()).isEqualTo(22);
        assertThat(read("finance", "/api/follow-ups?date=2026-03-08").get("settlement")).as("not due yet").isEmpty();
        assertThat(read("finance", "/api/follow-ups?date=2026-04-30").get("settlement"))
                .extracting(f -> f.get("flag").asText()).containsExactly("UNSETTLED", "UNKNOWN_RECEIPT", "AMOUNT_DIFFERS");
    }

    /** The settlement as the workbook finance opens (docs/finance.md, "Exports"): the JSON's figures, as numbers. */
    @Test
    void settlement_as_a_workbook_has_the_jsons_figures_as_numbers_and_keeps_its_roles() {
        Http http = new Http(port);
        JsonNode march = read("finance", "/api/finance/settlement?asOf=2026-03-31");
        Http.Download file = http.download("auditor", "/api/finance/settlement/xlsx?asOf=2026-03-31", "*/*");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.contentType()).isEqualTo(Exports.XLSX);
        assertThat(file.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"settlement-2026-03-31.xlsx\"");
        assertThat(file.headers().firstValue("X-Canvass-Stale")).contains("false");
        Xlsx xlsx = new Xlsx(file.body());
        assertThat(xlsx.sheetNames()).containsExactly("Summary", "unmatchedPayments", "unmatchedLines", "proposals",
                "amountsDiffer");
        for (String figure : List.of("collected", "settled", "inTransit")) {
            assertThat(xlsx.money("Summary", "totals." + figure, "value")).as(figure)
                    .isEqualByComparingTo(march.get("totals").get(figure).asText());
        }
        assertThat(xlsx.summary("stale").getBooleanCellValue()).isFalse();
        assertThat(xlsx.day(xlsx.summary("date"))).isEqualTo(LocalDate.parse("2026-03-31"));
        // every unmatched payment a row; what they add up to is what is in transit
        assertThat(xlsx.rows("unmatchedPayments")).isEqualTo(1 + march.get("unmatchedPayments").size() + 1);
        assertThat(xlsx.money("unmatchedPayments", "Total", "amount")).isEqualByComparingTo("450.00")
                .isEqualByComparingTo(march.get("totals").get("inTransit").asText());
        assertThat(xlsx.money("unmatchedPayments", "c-2", "amount")).isEqualByComparingTo("200.00");
        assertThat(xlsx.day(xlsx.cell("unmatchedPayments", "c-2", "day"))).isEqualTo(LocalDate.parse("2026-03-02"));
        assertThat(xlsx.cell("unmatchedPayments", "c-2", "flags").getStringCellValue()).isEqualTo("UNSETTLED");
        assertThat(xlsx.money("unmatchedLines", "Total", "amount")).as("w-1 200.00 and the refund b-2 -400.00")
                .isEqualByComparingTo("-200.00");
        assertThat(xlsx.cell("proposals", "WECHAT_PAY-P1", "payments").getStringCellValue())
                .isEqualTo("c-2/DEPOSIT/p-2 200.00");

        // the JSON operation answers the same workbook when asked by Accept or format
        for (String query : List.of("", "&format=xlsx", "&format=XLSX")) {
            Http.Download asked = http.download("finance", "/api/finance/settlement?asOf=2026-03-31" + query,
                    query.isEmpty() ? Exports.XLSX : "application/json");
            assertThat(asked.contentType()).as(query).isEqualTo(Exports.XLSX);
            assertThat(new Xlsx(asked.body()).money("unmatchedPayments", "Total", "amount")).isEqualByComparingTo("450.00");
        }
        assertThat(http.get("finance", "/api/finance/settlement?asOf=2026-03-31", "application/json, " + Exports.XLSX)
                .contentType()).startsWith("application/json");
        // what the JSON refuses, the workbook refuses
        for (String user : List.of("manager", "sales1")) {
            assertThat(http.download(user, "/api/finance/settlement/xlsx", "*/*").status()).as(user).isEqualTo(403);
            assertThat(http.download(user, "/api/finance/settlement?format=xlsx", "*/*").status()).as(user).isEqualTo(403);
        }
        assertThat(http.get("finance", "/api/finance/settlement/xlsx?asOf=1999-12-31").status()).isEqualTo(400);
        Http.Answer badFormat = http.get("finance", "/api/finance/settlement?format=pdf");
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.text()).contains("\"fields\":[\"format\"]", "json, xlsx");
        for (String accept : List.of("text/csv", "application/pdf")) {
            assertThat(http.get("finance", "/api/finance/settlement?asOf=2026-03-31", accept).status()).as(accept)
                    .isEqualTo(406);
        }
    }

    @BeforeEach
    void caughtUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> freshness.caughtUp() && freshness.position() >= EVENTS.head());
    }

    JsonNode read(String user, String path) {
        return new Http(port).ok(user, path);
    }

    @Test
    void the_lines_of_a_month_are_listed_by_day_with_their_totals_in_and_out() {
        JsonNode march = read("finance", "/api/finance/statements/lines?from=2026-03-01&to=2026-03-31");
        assertThat(march.get("lines")).extracting(l -> l.get("lineId").asText()).containsExactly("b-1", "w-1", "b-2");
        assertThat(march.get("totals").get("lines").asLong()).isEqualTo(3);
        assertThat(march.get("totals").get("in").asText()).isEqualTo("1580.00");
        assertThat(march.get("totals").get("out").asText()).isEqualTo("-400.00");
        JsonNode refund = march.get("lines").get(2);
        assertThat(refund.get("amount").asText()).isEqualTo("-400.00");
        assertThat(refund.get("day").asText()).isEqualTo("2026-03-03");
        assertThat(refund.get("reference").asText()).isEqualTo("R-b-2");
        assertThat(refund.get("recordedAt").asText()).isEqualTo("2026-04-02T02:00:00Z");
        assertThat(march.get("stale").asBoolean()).isFalse();
        assertThat(march.get("lines").get(0).get("matchId").asText()).isEqualTo("BANK-M1");
        assertThat(refund.get("matchId").isNull()).as("unmatched").isTrue();

        JsonNode wechat = read("auditor", "/api/finance/statements/lines?source=WECHAT_PAY&from=2026-03-01&to=2026-04-30");
        assertThat(wechat.get("lines")).extracting(l -> l.get("lineId").asText()).containsExactly("w-1", "w-2");
        JsonNode paged = read("finance", "/api/finance/statements/lines?from=2026-03-01&to=2026-04-30&page=1&size=3");
        assertThat(paged.get("lines")).extracting(l -> l.get("lineId").asText()).containsExactly("w-2");
        assertThat(paged.get("page").get("totalElements").asLong()).isEqualTo(4);
    }

    @Test
    void only_finance_and_auditors_read_the_statements_and_bad_parameters_are_named() {
        String path = "/api/finance/statements/lines?from=2026-03-01&to=2026-03-31";
        for (String user : new String[] {"manager", "sales1", "installer", "admin"}) {
            assertThat(new Http(port).get(user, path).status()).as(user).isEqualTo(403);
        }
        Http.Answer backwards = new Http(port).get("finance", "/api/finance/statements/lines?from=2026-03-31&to=2026-03-01");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("fields").get(0).asText()).isEqualTo("to");
        Http.Answer source = new Http(port).get("finance", path + "&source=PAYPAL");
        assertThat(source.status()).isEqualTo(400);
        assertThat(source.json().get("fields").get(0).asText()).isEqualTo("source");
    }
}
