package io.canvass.command.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canvass.command.Api;
import io.canvass.command.EmbeddedPostgresTest;
import io.canvass.command.EventTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.canvass.command.Api.district;
import static io.canvass.command.Api.prospect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Matching on the real database: a deposit recorded in the field is found by the statement through
 * the payment table the event store's trigger keeps, matched once, undone and matched by hand; each
 * with who and why. Other test classes record cash deposits on the same day, so each test's amount
 * is one of its own.
 */
@EmbeddedPostgresTest
class MatchingHttpTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Api api;
    EventTable events;
    String run;
    String amount;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        events = new EventTable(jdbc);
        run = UUID.randomUUID().toString().substring(0, 8);
        amount = (3000 + ThreadLocalRandom.current().nextInt(6000)) + "." + (10 + ThreadLocalRandom.current().nextInt(89));
    }

    /** A contract of run's with a cash deposit of {@code amount} on 2026-03-02 (10:00 in Shanghai). */
    String contractWithDeposit() {
        assertThat(api.post("manager", "/api/districts", district("md-" + run, "s-1")).status()).isEqualTo(201);
        assertThat(api.post("sales1", "/api/prospects", prospect("mp-" + run, "md-" + run, "s-1", "sales1")).status())
                .isEqualTo(201);
        String contract = "mc-" + run;
        assertThat(api.post("sales1", "/api/contracts", Api.contract(contract, "mp-" + run, "sales1", 2, "5000.00", amount))
                .status()).isEqualTo(201);
        assertThat(api.post("sales1", "/api/contracts/" + contract + "/deposits", Api.payment("dep-" + run, amount))
                .status()).isEqualTo(201);
        return contract;
    }

    Api.Answer slip(String lineId) {
        String file = "lineId,date,amount,reference\n" + lineId + ",2026-03-02," + amount + ",slip of the day\n";
        return api.postFile("finance", "/api/finance/statements?source=CASH_SLIP", "text/csv",
                BodyPublishers.ofString(file, StandardCharsets.UTF_8));
    }

    List<JsonNode> statementEvents(String type) {
        return events.rows("statement:CASH_SLIP").stream().filter(row -> type.equals(row.get("payload_type")))
                .map(row -> read(String.valueOf(row.get("payload")))).toList();
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode matchOf(String lineId) {
        return statementEvents("PaymentsMatched").stream()
                .filter(match -> match.get("lines").toString().contains("\"" + lineId + "\"")).reduce((a, b) -> b)
                .orElse(null);
    }

    @Test
    void a_field_deposit_is_settled_by_its_slip_automatically_once_and_the_trigger_keeps_the_payment() {
        String contract = contractWithDeposit();
        Map<String, Object> payment = jdbc.queryForMap("select kind, method, amount, receipt_no from settlement_payment"
                + " where contract_id = ?", contract);
        assertThat(payment.get("kind")).isEqualTo("DEPOSIT");
        assertThat(payment.get("method")).isEqualTo("CASH");
        assertThat(payment.get("amount").toString()).isEqualTo(amount);

        Api.Answer imported = slip("slip-" + run);
        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.body().get("matched").asInt()).isEqualTo(1);
        JsonNode match = matchOf("slip-" + run);
        assertThat(match.get("how").asText()).isEqualTo("AUTOMATIC");
        assertThat(match.get("payments").get(0).get("contractId").asText()).isEqualTo(contract);
        assertThat(match.get("payments").get(0).get("amount").asText()).isEqualTo(amount);

        Api.Answer again = slip("slip-" + run);
        assertThat(again.body().get("matched").asInt()).isZero();
        assertThat(statementEvents("PaymentsMatched").stream()
                .filter(m -> m.get("lines").toString().contains("slip-" + run)).count()).isEqualTo(1);
    }

    @Test
    void finance_undoes_a_match_and_matches_by_hand_each_with_who_and_why() {
        String contract = contractWithDeposit();
        slip("slip-" + run);
        String matchId = matchOf("slip-" + run).get("matchId").asText();

        Api.Answer undo = api.post("finance", "/api/finance/matches/" + matchId + "/undo",
                "{\"reason\":\"the slip was another day's\"}");
        assertThat(undo.status()).isEqualTo(200);
        assertThat(undo.field("id")).isEqualTo(matchId);
        assertThat(api.post("finance", "/api/finance/matches/" + matchId + "/undo",
                "{\"reason\":\"the slip was another day's\"}").body()).as("a retry answers the same").isEqualTo(undo.body());
        Map<String, Object> undone = events.rows("statement:CASH_SLIP").stream()
                .filter(row -> "MatchUndone".equals(row.get("payload_type"))
                        && String.valueOf(row.get("payload")).contains(matchId)).findFirst().orElseThrow();
        assertThat(String.valueOf(undone.get("meta_data"))).contains("finance", "the slip was another day's");

        String body = "{\"source\":\"CASH_SLIP\",\"payments\":[{\"contractId\":\"" + contract
                + "\",\"kind\":\"DEPOSIT\",\"paymentId\":\"dep-" + run + "\"}],\"lines\":[\"slip-" + run
                + "\"],\"reason\":\"checked against the slip's copy\"}";
        Api.Answer manual = api.post("finance", "/api/finance/matches", body);
        assertThat(manual.status()).isEqualTo(201);
        assertThat(manual.field("aggregateId")).isEqualTo("CASH_SLIP");
        assertThat(matchOf("slip-" + run).get("how").asText()).isEqualTo("MANUAL");
        assertThat(api.post("finance", "/api/finance/matches", body).field("id")).isEqualTo(manual.field("id"));
        Api.Answer twice = api.post("finance", "/api/finance/matches", body.replace("checked", "rechecked"));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.field("detail")).contains("is matched already", "is settled already");
    }

    @Test
    void bad_match_requests_are_clean_4xx_naming_the_field_and_write_nothing() {
        assertThat(slip("bl-" + run).status()).as("the statement exists").isEqualTo(200);
        long before = events.count();
        String valid = "{\"source\":\"CASH_SLIP\",\"payments\":[{\"contractId\":\"c-1\",\"kind\":\"DEPOSIT\","
                + "\"paymentId\":\"p-1\"}],\"lines\":[\"l-1\"],\"reason\":\"r\"}";
        assertThat(api.post("finance", "/api/finance/matches", valid.replace("\"reason\":\"r\"", "\"reason\":\" \""))
                .body().get("fields").get(0).asText()).isEqualTo("reason");
        assertThat(api.post("finance", "/api/finance/matches", valid.replace("\"DEPOSIT\"", "\"REFUND\""))
                .body().get("fields").get(0).asText()).isEqualTo("payments[0].paymentId");
        assertThat(api.post("finance", "/api/finance/matches", valid.replace("\"lines\":[\"l-1\"]", "\"lines\":[]"))
                .body().get("fields").get(0).asText()).isEqualTo("lines");
        assertThat(api.post("finance", "/api/finance/matches", valid.replace("CASH_SLIP", "PAYPAL"))
                .body().get("fields").get(0).asText()).isEqualTo("source");
        assertThat(api.post("finance", "/api/finance/matches/BANK-X1/undo", "{\"reason\":\"r\"}").status()).isEqualTo(400);
        assertThat(api.post("finance", "/api/finance/matches/CASH_SLIP-M999999/undo", "{\"reason\":\"r\"}").status())
                .isEqualTo(404);
        assertThat(api.post("finance", "/api/finance/matches", valid).status()).as("nothing of it is recorded")
                .isEqualTo(409);
        for (String user : new String[] {"manager", "sales1", "installer", "auditor", "admin"}) {
            assertThat(api.post(user, "/api/finance/matches", valid).status()).as(user).isEqualTo(403);
        }
        assertThat(events.count()).isEqualTo(before);
    }

    @Test
    void the_payment_table_is_filled_from_stored_events_as_the_trigger_fills_it() {
        String contract = "bf-" + run;
        jdbc.execute("select settlement_payment_record('DepositCollected', '{\"contractId\":\"" + contract
                + "\",\"paymentId\":\"d1\",\"amount\":\"40.00\",\"method\":\"ALIPAY\",\"receiptNo\":\"R-9\","
                + "\"occurredAt\":\"2026-03-01T17:30:00Z\"}'::jsonb, 1)");
        jdbc.execute("select settlement_payment_record('PaymentCorrected', '{\"contractId\":\"" + contract
                + "\",\"correctionId\":\"f1\",\"paymentId\":\"d1\",\"paymentKind\":\"DEPOSIT\",\"previousAmount\":\"40.00\","
                + "\"correctedAmount\":\"400.00\",\"reason\":\"typo\",\"occurredAt\":\"2026-03-02T00:00:00Z\"}'::jsonb, 2)");
        jdbc.execute("select settlement_payment_record('ContractCancelled', '{\"contractId\":\"" + contract
                + "\",\"reason\":\"closed\",\"refunded\":\"400.00\",\"occurredAt\":\"2026-03-03T00:00:00Z\"}'::jsonb, 3)");
        List<Map<String, Object>> rows = jdbc.queryForList("select kind, payment_id, method, amount from settlement_payment"
                + " where contract_id = ? order by kind", contract);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("kind", "DEPOSIT").containsEntry("method", "ALIPAY");
        assertThat(rows.get(0).get("amount").toString()).isEqualTo("400.00");
        assertThat(rows.get(1)).containsEntry("kind", "REFUND").containsEntry("payment_id", "");
        assertThat(rows.get(1).get("amount").toString()).isEqualTo("-400.00");
    }

    @Test
    void a_payload_that_is_not_a_payment_never_fails_an_append_and_is_left_out() {
        long before = jdbc.queryForObject("select count(*) from settlement_payment", Long.class);
        jdbc.execute("select settlement_payment_stored('DepositCollected', convert_to('{\"n\":1}', 'UTF8'), 1)");
        jdbc.execute("select settlement_payment_stored('BalanceCollected', '\\xff00'::bytea, 2)");
        jdbc.execute("select settlement_payment_stored('PaymentCorrected', convert_to('{\"contractId\":\"x\","
                + "\"occurredAt\":\"2026-03-01T00:00:00Z\",\"correctedAmount\":\"many\"}', 'UTF8'), 3)");
        assertThat(jdbc.queryForObject("select count(*) from settlement_payment", Long.class)).isEqualTo(before);
    }
}
