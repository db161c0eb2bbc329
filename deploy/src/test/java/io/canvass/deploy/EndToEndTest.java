package io.canvass.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both apps, started by the run script, driven through their HTTP APIs as field apps and
 * dashboards would. Every figure is worked out by hand below, from the definitions of docs/domain.md#figures.
 *
 * <pre>
 * Districts  D-A (Daoli): streets a1, a2, a3 (a3 never canvassed)   D-B (Nangang): b1, b2 (b2 never canvassed)
 * Prospects  sales1: pA1, pA2 on a1, pA3 on a2   sales3: pA4 on a2   sales2: pB1 (hair salon), pB2 (photo studio) on b1
 * Contracts (unit price 1,380.00 unless said)                                     local day (Shanghai)
 *   c1 sales1 pA1 2 units, deposit 500.00, signed 2026-03-01T17:30Z            2026-03-02 01:30 (UTC: 1 March)
 *      deposit 500; 1 unit installed 03-03; balance 500 (sent twice)
 *   c2 sales1 pA3 1 unit, no deposit, signed 03-02; 1 unit installed, balance 1,380  -> COMPLETED
 *   c3 sales2 pB1 3 units, deposit 1,000 (400 on 03-02, 600 on 03-03); 2 installed 03-04; balance 1,000
 *   c4 sales3 pA4 2 units, deposit 600 paid 03-02, cancelled 03-03 -> refunded 600
 *   c5 sales2 pB2 photo studio, distribution, 2 units at 1,000.00, sample deposit 2,000 03-03; 2 installed 03-05
 * </pre>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {

    static Canvass canvass;
    static long lastPosition;

    @BeforeAll
    static void start() throws Exception {
        // follow-up deadlines fire 2 s after they are due, so the test sees them
        canvass = Canvass.start(Files.createTempDirectory("canvass-e2e"), "--sync-grace", "PT2S");
    }

    @AfterAll
    static void stop() throws Exception {
        if (canvass != null) {
            canvass.close();
        }
    }

    static Canvass.Answer write(String user, String path, String json) {
        Canvass.Answer answer = canvass.command(user, path, json);
        assertThat(answer.status()).as(path + " " + answer.text()).isIn(200, 201);
        lastPosition = Math.max(lastPosition, answer.json().get("position").asLong());
        return answer;
    }

    static String district(String id, String name, String... streets) {
        List<String> planned = new ArrayList<>();
        for (String street : streets) {
            planned.add("{\"streetId\":\"" + street + "\",\"name\":\"Street " + street + "\"}");
        }
        return "{\"districtId\":\"" + id + "\",\"city\":\"Harbin\",\"name\":\"" + name + "\",\"streets\":["
                + String.join(",", planned) + "]}";
    }

    static String prospect(String id, String channel, String district, String street, String salesperson) {
        return "{\"prospectId\":\"" + id + "\",\"channel\":\"" + channel + "\",\"businessName\":\"Shop " + id
                + "\",\"districtId\":\"" + district + "\",\"streetId\":\"" + street + "\",\"address\":\"" + id
                + " Road\",\"salespersonId\":\"" + salesperson + "\",\"occurredAt\":\"2026-03-01T01:00:00Z\"}";
    }

    static String contract(String id, String prospect, String salesperson, String kind, int units, String price,
                           String deposit, String at) {
        return "{\"contractId\":\"" + id + "\",\"prospectId\":\"" + prospect + "\",\"salespersonId\":\"" + salesperson
                + "\",\"kind\":\"" + kind + "\",\"units\":" + units + ",\"unitPrice\":\"" + price
                + "\",\"depositRequired\":\"" + deposit + "\",\"occurredAt\":\"" + at + "\"}";
    }

    static String payment(String id, String amount, String at) {
        return "{\"paymentId\":\"" + id + "\",\"amount\":\"" + amount + "\",\"method\":\"WECHAT_PAY\",\"receiptNo\":\"R-"
                + id + "\",\"occurredAt\":\"" + at + "\"}";
    }

    static String installation(String id, int units, String at) {
        return "{\"installationId\":\"" + id + "\",\"units\":" + units + ",\"installerId\":\"installer\","
                + "\"deliveryReceiptNo\":\"D-" + id + "\",\"occurredAt\":\"" + at + "\"}";
    }

    /** Reads a query endpoint once the read models reflect everything written so far. */
    static JsonNode read(String user, String path) {
        String separator = path.contains("?") ? "&" : "?";
        Canvass.Answer[] answer = new Canvass.Answer[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            answer[0] = canvass.query(user, path + separator + "minPosition=" + lastPosition);
            return answer[0].status() == 200 && !answer[0].json().get("stale").asBoolean();
        });
        assertThat(answer[0].json().get("asOf").get("position").asLong()).isGreaterThanOrEqualTo(lastPosition);
        return answer[0].json();
    }

    @Test
    @Order(1)
    void the_field_work_is_recorded() {
        write("manager", "/api/districts", district("D-A", "Daoli", "a1", "a2", "a3"));
        write("manager", "/api/districts", district("D-B", "Nangang", "b1", "b2"));
        // March's hair-salon campaign: the contracts of sales1..3 count for it (c5, a photo studio, for none)
        write("manager", "/api/campaigns", "{\"campaignId\":\"hair-march\",\"name\":\"Hair salons, March\","
                + "\"channel\":\"HAIR_SALON\",\"startDate\":\"2026-03-02\",\"endDate\":\"2026-03-31\",\"dailyTarget\":2,"
                + "\"netProfitPerUnit\":\"460.00\",\"salespeople\":[\"sales1\",\"sales2\",\"sales3\"]}");
        write("sales1", "/api/prospects", prospect("pA1", "HAIR_SALON", "D-A", "a1", "sales1"));
        write("sales1", "/api/prospects", prospect("pA2", "HAIR_SALON", "D-A", "a1", "sales1"));
        write("sales1", "/api/prospects", prospect("pA3", "HAIR_SALON", "D-A", "a2", "sales1"));
        write("sales3", "/api/prospects", prospect("pA4", "HAIR_SALON", "D-A", "a2", "sales3"));
        write("sales2", "/api/prospects", prospect("pB1", "HAIR_SALON", "D-B", "b1", "sales2"));
        write("sales2", "/api/prospects", prospect("pB2", "PHOTO_STUDIO", "D-B", "b1", "sales2"));

        write("sales1", "/api/contracts", contract("c1", "pA1", "sales1", "SALE", 2, "1380.00", "500.00", "2026-03-01T17:30:00Z"));
        write("sales1", "/api/contracts", contract("c2", "pA3", "sales1", "SALE", 1, "1380.00", "0.00", "2026-03-02T02:00:00Z"));
        write("sales2", "/api/contracts", contract("c3", "pB1", "sales2", "SALE", 3, "1380.00", "1000.00", "2026-03-02T03:00:00Z"));
        write("sales3", "/api/contracts", contract("c4", "pA4", "sales3", "SALE", 2, "1380.00", "600.00", "2026-03-02T04:00:00Z"));
        write("sales2", "/api/contracts", contract("c5", "pB2", "sales2", "DISTRIBUTION", 2, "1000.00", "2000.00", "2026-03-03T02:00:00Z"));

        write("sales1", "/api/contracts/c1/deposits", payment("c1-dep", "500.00", "2026-03-02T03:00:00Z"));
        write("installer", "/api/contracts/c1/installations", installation("c1-i1", 1, "2026-03-03T02:00:00Z"));
        Canvass.Answer balance = write("installer", "/api/contracts/c1/balance-payments", payment("c1-bal", "500.00", "2026-03-03T03:00:00Z"));
        Canvass.Answer retried = write("installer", "/api/contracts/c1/balance-payments", payment("c1-bal", "500.00", "2026-03-03T03:00:00Z"));
        assertThat(retried.json()).isEqualTo(balance.json());

        write("installer", "/api/contracts/c2/installations", installation("c2-i1", 1, "2026-03-03T04:00:00Z"));
        write("finance", "/api/contracts/c2/balance-payments", payment("c2-bal", "1380.00", "2026-03-03T05:00:00Z"));

        write("sales2", "/api/contracts/c3/deposits", payment("c3-dep1", "400.00", "2026-03-02T06:00:00Z"));
        write("finance", "/api/contracts/c3/deposits", payment("c3-dep2", "600.00", "2026-03-03T01:00:00Z"));
        write("installer", "/api/contracts/c3/installations", installation("c3-i1", 2, "2026-03-04T02:00:00Z"));
        write("installer", "/api/contracts/c3/balance-payments", payment("c3-bal", "1000.00", "2026-03-04T03:00:00Z"));

        write("sales3", "/api/contracts/c4/deposits", payment("c4-dep", "600.00", "2026-03-02T05:00:00Z"));
        write("finance", "/api/contracts/c4/cancellation", "{\"reason\":\"shop closed\",\"occurredAt\":\"2026-03-03T06:00:00Z\"}");

        write("sales2", "/api/contracts/c5/deposits", payment("c5-dep", "2000.00", "2026-03-03T03:00:00Z"));
        write("installer", "/api/contracts/c5/installations", installation("c5-i1", 2, "2026-03-05T02:00:00Z"));

        // refused: more deposit than required, and an installation on a cancelled contract
        assertThat(canvass.command("sales1", "/api/contracts/c1/deposits", payment("c1-dep2", "0.01", "2026-03-03T00:00:00Z"))
                .status()).isEqualTo(409);
        assertThat(canvass.command("installer", "/api/contracts/c4/installations", installation("c4-i1", 1, "2026-03-04T00:00:00Z"))
                .status()).isEqualTo(409);
    }

    @Test
    @Order(2)
    void district_coverage() {
        JsonNode list = read("manager", "/api/coverage/districts");
        assertThat(list.get("districts")).hasSize(2);
        JsonNode a = list.get("districts").get(0);
        assertThat(a.get("districtId").asText()).isEqualTo("D-A");
        assertThat(a.get("name").asText()).isEqualTo("Daoli");
        assertThat(a.get("streetsPlanned").asInt()).isEqualTo(3);
        assertThat(a.get("streetsCanvassed").asInt()).isEqualTo(2);
        assertThat(a.get("coverage").decimalValue()).isEqualByComparingTo("0.6667");
        assertThat(a.get("prospects").asInt()).isEqualTo(4);
        assertThat(a.get("contracts").asInt()).as("c1, c2 live; c4 cancelled").isEqualTo(2);
        assertThat(a.get("unitsSigned").asInt()).isEqualTo(3);
        assertThat(a.get("unitsInstalled").asInt()).isEqualTo(2);
        JsonNode b = list.get("districts").get(1);
        assertThat(b.get("streetsPlanned").asInt()).isEqualTo(2);
        assertThat(b.get("streetsCanvassed").asInt()).isEqualTo(1);
        assertThat(b.get("coverage").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(b.get("prospects").asInt()).isEqualTo(2);
        assertThat(b.get("contracts").asInt()).isEqualTo(2);
        assertThat(b.get("unitsSigned").asInt()).isEqualTo(5);
        assertThat(b.get("unitsInstalled").asInt()).isEqualTo(4);

        JsonNode detail = read("sales1", "/api/coverage/districts/D-A");
        JsonNode streets = detail.get("streets");
        assertThat(streets).hasSize(3);
        assertStreet(streets.get(0), "a1", 2, 1, 2, 1);
        assertStreet(streets.get(1), "a2", 2, 1, 1, 1);
        assertStreet(streets.get(2), "a3", 0, 0, 0, 0);
    }

    static void assertStreet(JsonNode street, String id, int prospects, int contracts, int unitsSigned, int unitsInstalled) {
        assertThat(street.get("streetId").asText()).isEqualTo(id);
        assertThat(street.get("prospects").asInt()).isEqualTo(prospects);
        assertThat(street.get("contracts").asInt()).isEqualTo(contracts);
        assertThat(street.get("unitsSigned").asInt()).isEqualTo(unitsSigned);
        assertThat(street.get("unitsInstalled").asInt()).isEqualTo(unitsInstalled);
    }

    @Test
    @Order(3)
    void daily_quota_in_the_branch_time_zone() {
        JsonNode first = read("manager", "/api/quota/daily?date=2026-03-01");
        assertThat(first.get("salespeople")).as("c1 was signed on 2 March in Shanghai").hasSize(3)
                .allSatisfy(day -> {
                    assertThat(day.get("unitsSigned").asInt()).isZero();
                    assertThat(day.get("met").asBoolean()).isFalse();
                    assertThat(day.get("shortfall").asInt()).isEqualTo(2);
                });

        JsonNode second = read("manager", "/api/quota/daily?date=2026-03-02");
        assertQuota(second.get("salespeople").get(0), "sales1", 3, true, 0);
        assertQuota(second.get("salespeople").get(1), "sales2", 3, true, 0);
        assertQuota(second.get("salespeople").get(2), "sales3", 0, false, 2); // c4 cancelled: the day drops
        assertThat(second.get("team").get("unitsSigned").asInt()).isEqualTo(6);
        assertThat(second.get("team").get("daysMet").asInt()).isEqualTo(2);

        JsonNode sales1 = read("sales1", "/api/quota/salespeople/sales1?from=2026-03-01&to=2026-03-03");
        JsonNode days = sales1.get("days");
        assertThat(days).hasSize(3);
        assertThat(days.get(0).get("date").asText()).isEqualTo("2026-03-01");
        assertThat(days.get(0).get("unitsSigned").asInt()).isZero();
        assertThat(days.get(1).get("unitsSigned").asInt()).isEqualTo(3);
        assertThat(days.get(1).get("target").asInt()).isEqualTo(2);
        assertThat(days.get(1).get("met").asBoolean()).isTrue();
        assertThat(days.get(2).get("unitsSigned").asInt()).isZero();
        assertThat(days.get(2).get("shortfall").asInt()).isEqualTo(2);
        assertThat(sales1.get("totals").get("unitsSigned").asInt()).isEqualTo(3);
        assertThat(sales1.get("totals").get("shortfall").asInt()).isEqualTo(4);
    }

    static void assertQuota(JsonNode day, String salesperson, int units, boolean met, int shortfall) {
        assertThat(day.get("salespersonId").asText()).isEqualTo(salesperson);
        assertThat(day.get("unitsSigned").asInt()).isEqualTo(units);
        assertThat(day.get("target").asInt()).isEqualTo(2);
        assertThat(day.get("met").asBoolean()).isEqualTo(met);
        assertThat(day.get("shortfall").asInt()).isEqualTo(shortfall);
    }

    @Test
    @Order(4)
    void channel_profit() {
        JsonNode march = read("finance", "/api/profit/channels?from=2026-03-01&to=2026-03-31");
        JsonNode hair = march.get("channels").get(0);
        assertThat(hair.get("channel").asText()).isEqualTo("HAIR_SALON");
        assertThat(hair.get("contracts").asInt()).isEqualTo(3);
        assertThat(hair.get("unitsSigned").asInt()).isEqualTo(6);
        assertThat(hair.get("unitsInstalled").asInt()).isEqualTo(4);
        assertThat(hair.get("revenue").asText()).isEqualTo("8280.00");
        // deposits 500 + 1000 + 600, balances 500 + 1380 + 1000, less the 600 refunded
        assertThat(hair.get("collected").asText()).isEqualTo("4380.00");
        assertThat(hair.get("outstanding").asText()).isEqualTo("3900.00");
        assertThat(hair.get("netProfit").asText()).isEqualTo("1840.00");
        // the campaign's plan for the days of the range it runs (03-02..31): 30 days x 3 people x 2
        assertThat(hair.get("plan").get("units").asInt()).isEqualTo(180);
        assertThat(hair.get("plan").get("netProfit").asText()).isEqualTo("82800.00");
        JsonNode photo = march.get("channels").get(1);
        assertThat(photo.get("channel").asText()).isEqualTo("PHOTO_STUDIO");
        assertThat(photo.get("contracts").asInt()).isEqualTo(1);
        assertThat(photo.get("unitsInstalled").asInt()).isEqualTo(2);
        assertThat(photo.get("revenue").asText()).isEqualTo("2000.00");
        assertThat(photo.get("collected").asText()).isEqualTo("2000.00");
        assertThat(photo.get("outstanding").asText()).isEqualTo("0.00");
        assertThat(photo.get("netProfit").asText()).isEqualTo("920.00");
        assertThat(march.get("total").get("netProfit").asText()).isEqualTo("2760.00");
        assertThat(march.get("total").get("collected").asText()).isEqualTo("6380.00");

        JsonNode firstOfMarch = read("manager", "/api/profit/channels?from=2026-03-01&to=2026-03-01");
        assertThat(firstOfMarch.get("total").get("contracts").asInt()).isZero();
        assertThat(firstOfMarch.get("total").get("collected").asText()).isEqualTo("0.00");
    }

    @Test
    @Order(5)
    void reconciliation_as_of_dates() {
        JsonNode march = read("finance", "/api/finance/reconciliation?asOf=2026-03-31");
        JsonNode contracts = march.get("contracts");
        assertThat(contracts).hasSize(5);
        assertLine(contracts.get(0), "c1", "INSTALLING", "2760.00", "500.00", "500.00", "2260.00", "500.00", "0.00", "1760.00");
        assertLine(contracts.get(1), "c2", "COMPLETED", "1380.00", "0.00", "0.00", "1380.00", "1380.00", "0.00", "0.00");
        assertLine(contracts.get(2), "c3", "INSTALLING", "4140.00", "1000.00", "1000.00", "3140.00", "1000.00", "0.00", "2140.00");
        assertLine(contracts.get(3), "c4", "CANCELLED", "2760.00", "600.00", "600.00", "2160.00", "0.00", "600.00", "0.00");
        assertLine(contracts.get(4), "c5", "COMPLETED", "2000.00", "2000.00", "2000.00", "0.00", "0.00", "0.00", "0.00");
        // no contract flag; the settlement flags (UNSETTLED: no statement was imported) are another matter
        contracts.forEach(line -> assertThat(contractFlags(line)).isEmpty());
        JsonNode totals = march.get("totals");
        // docs/domain.md#reconciliation-totals: contracts, value, deposit required and balance due of the contracts
        // live on the date (c4 was cancelled on 3 March); the money of every line, c4's refund included
        assertThat(totals.get("contracts").asInt()).isEqualTo(4);
        assertThat(totals.get("lines").asInt()).isEqualTo(5);
        assertThat(totals.get("contractValue").asText()).isEqualTo("10280.00");
        assertThat(totals.get("depositRequired").asText()).isEqualTo("3500.00");
        assertThat(totals.get("balanceDue").asText()).isEqualTo("6780.00");
        assertThat(totals.get("depositCollected").asText()).isEqualTo("4100.00");
        assertThat(totals.get("balanceCollected").asText()).isEqualTo("2880.00");
        assertThat(totals.get("refunded").asText()).isEqualTo("600.00");
        assertThat(totals.get("collected").asText()).isEqualTo("6380.00");
        assertThat(totals.get("outstanding").asText()).isEqualTo("3900.00");
        assertThat(march.get("bySalesperson").get("sales1").get("outstanding").asText()).isEqualTo("1760.00");
        assertThat(march.get("byChannel").get("PHOTO_STUDIO").get("contracts").asInt()).isEqualTo(1);

        // as of 2 March: c5 not signed yet, no installation or balance yet, c3 has 400 of its 1,000
        JsonNode second = read("finance", "/api/finance/reconciliation?asOf=2026-03-02");
        assertThat(second.get("contracts")).hasSize(4);
        assertThat(second.get("contracts").get(0).get("status").asText()).isEqualTo("DEPOSIT_PAID");
        assertThat(second.get("contracts").get(2).get("status").asText()).isEqualTo("SIGNED");
        assertThat(second.get("contracts").get(2).get("depositCollected").asText()).isEqualTo("400.00");
        assertThat(second.get("contracts").get(3).get("status").asText()).isEqualTo("DEPOSIT_PAID");
        assertThat(second.get("totals").get("collected").asText()).isEqualTo("1500.00");

        // by 10 April the balances of c1 (first installed 3 March) and c3 (4 March) are overdue, and c1's
        // March deposit, in no statement, unsettled: as their deadlines record (2 s after the history was
        // sent, --sync-grace PT2S)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode lines = read("auditor", "/api/finance/reconciliation?asOf=2026-04-10&channel=HAIR_SALON").get("contracts");
            return lines.get(0).toString().contains("BALANCE_OVERDUE") && lines.get(0).toString().contains("UNSETTLED")
                    && lines.get(2).toString().contains("BALANCE_OVERDUE");
        });
        JsonNode april = read("auditor", "/api/finance/reconciliation?asOf=2026-04-10&channel=HAIR_SALON");
        assertThat(april.get("contracts")).hasSize(4);
        assertThat(contractFlags(april.get("contracts").get(0))).containsExactly("BALANCE_OVERDUE");
        assertThat(contractFlags(april.get("contracts").get(1))).isEmpty();
        assertThat(contractFlags(april.get("contracts").get(2))).containsExactly("BALANCE_OVERDUE");
        long flaggedLines = 0;
        for (JsonNode line : april.get("contracts")) {
            flaggedLines += line.get("flags").isEmpty() ? 0 : 1;
        }
        assertThat(april.get("totals").get("flagged").asInt()).as("the lines with a flag").isEqualTo(flaggedLines);

        Canvass.Answer csv = canvass.query("finance", "/api/finance/reconciliation/csv?asOf=2026-03-31&salespersonId=sales1", "text/csv");
        assertThat(csv.text().lines().toList()).hasSize(3).first().isEqualTo(
                "contractId,channel,salespersonId,status,contractValue,depositRequired,depositCollected,balanceDue,"
                        + "balanceCollected,refunded,outstanding,flags,settled,inTransit");
        List<String> rows = csv.text().lines().toList();
        assertThat(rows.get(1)).matches("\"c1\",HAIR_SALON,\"sales1\",INSTALLING,2760.00,500.00,500.00,2260.00,500.00,0.00,"
                + "1760.00,(UNSETTLED)?,0.00,1000.00");
        assertThat(rows.get(2)).matches("\"c2\",HAIR_SALON,\"sales1\",COMPLETED,1380.00,0.00,0.00,1380.00,1380.00,0.00,"
                + "0.00,(UNSETTLED)?,0.00,1380.00");
    }

    /** A line's flags without the settlement flags of its payments and matches (docs/finance.md#flags). */
    static List<String> contractFlags(JsonNode line) {
        List<String> flags = new java.util.ArrayList<>();
        line.get("flags").forEach(flag -> {
            if (!List.of("UNSETTLED", "AMOUNT_DIFFERS").contains(flag.asText())) {
                flags.add(flag.asText());
            }
        });
        return flags;
    }

    static void assertLine(JsonNode line, String id, String status, String value, String required, String deposits,
                           String balanceDue, String balances, String refunded, String outstanding) {
        assertThat(line.get("contractId").asText()).isEqualTo(id);
        assertThat(line.get("status").asText()).isEqualTo(status);
        assertThat(line.get("contractValue").asText()).isEqualTo(value);
        assertThat(line.get("depositRequired").asText()).isEqualTo(required);
        assertThat(line.get("depositCollected").asText()).isEqualTo(deposits);
        assertThat(line.get("balanceDue").asText()).isEqualTo(balanceDue);
        assertThat(line.get("balanceCollected").asText()).isEqualTo(balances);
        assertThat(line.get("refunded").asText()).isEqualTo(refunded);
        assertThat(line.get("outstanding").asText()).isEqualTo(outstanding);
    }

    @Test
    @Order(6)
    void contract_history_for_auditors() {
        JsonNode history = canvass.query("auditor", "/api/audit/contracts/c4/history").json();
        JsonNode events = history.get("events");
        assertThat(events).hasSize(3);
        assertThat(events.get(0).get("type").asText()).isEqualTo("ContractSigned");
        assertThat(events.get(0).get("metadata").get("userId").asText()).isEqualTo("sales3");
        assertThat(events.get(1).get("type").asText()).isEqualTo("DepositCollected");
        assertThat(events.get(2).get("type").asText()).isEqualTo("ContractCancelled");
        assertThat(events.get(2).get("metadata").get("userId").asText()).isEqualTo("finance");
        assertThat(events.get(2).get("metadata").get("role").asText()).isEqualTo("FINANCE");
        assertThat(events.get(2).get("metadata").get("reason").asText()).isEqualTo("shop closed");
        assertThat(events.get(2).get("payload").get("refunded").asText()).isEqualTo("600.00");
        assertThat(events.get(2).get("occurredAt").asText()).isEqualTo("2026-03-03T06:00:00Z");

        String beforeCancellation = events.get(1).get("recordedAt").asText();
        JsonNode then = canvass.query("auditor", "/api/audit/contracts/c4?asOf=" + beforeCancellation).json();
        assertThat(then.get("status").asText()).isEqualTo("DEPOSIT_PAID");
        assertThat(then.get("depositCollected").asText()).isEqualTo("600.00");
        JsonNode now = canvass.query("auditor", "/api/audit/contracts/c4").json();
        assertThat(now.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(now.get("refunded").asText()).isEqualTo("600.00");

        JsonNode c1 = canvass.query("auditor", "/api/audit/contracts/c1/history").json();
        long balances = 0;
        for (JsonNode event : c1.get("events")) {
            balances += event.get("type").asText().equals("BalanceCollected") ? 1 : 0;
        }
        assertThat(balances).as("the retried balance payment is recorded once").isEqualTo(1);
    }

    @Test
    @Order(7)
    void who_may_read_what() {
        assertThat(canvass.query("sales1", "/api/finance/reconciliation?asOf=2026-03-31").status()).isEqualTo(403);
        assertThat(canvass.query("sales1", "/api/audit/contracts/c1/history").status()).isEqualTo(403);
        assertThat(canvass.query("auditor", "/api/finance/reconciliation?asOf=2026-03-31").status()).isEqualTo(200);
        assertThat(canvass.query("auditor", "/api/audit/contracts/c1/history").status()).isEqualTo(200);
        assertThat(canvass.command("auditor", "/api/contracts/c1/deposits", payment("x", "1.00", "2026-03-03T00:00:00Z"))
                .status()).isEqualTo(403);
    }

    @Test
    @Order(8)
    void every_metric_the_dashboard_and_alerts_use_is_exposed_by_a_running_app() throws Exception {
        java.util.Set<String> exposed = new java.util.TreeSet<>();
        for (int port : new int[] {canvass.commandPort, canvass.queryPort}) {
            java.net.http.HttpResponse<String> scrape = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/actuator/prometheus"))
                            .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                    "admin:demo".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            scrape.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]")[0]).forEach(exposed::add);
        }
        assertThat(exposed).containsAll(DeploymentFilesTest.referencedMetrics());
    }

    @Test
    @Order(9)
    void stopped_and_started_again_the_figures_are_the_same() throws Exception {
        JsonNode before = read("finance", "/api/finance/reconciliation?asOf=2026-03-31");
        JsonNode coverageBefore = read("manager", "/api/coverage/districts");
        canvass.close();
        assertThat(canvass.exitCode()).isZero();
        assertThat(canvass.log()).contains("Stopped.");
        canvass = canvass.restart();
        JsonNode after = read("finance", "/api/finance/reconciliation?asOf=2026-03-31");
        assertThat(after.get("contracts")).isEqualTo(before.get("contracts"));
        assertThat(after.get("totals")).isEqualTo(before.get("totals"));
        assertThat(read("manager", "/api/coverage/districts").get("districts")).isEqualTo(coverageBefore.get("districts"));
        // and the rules hold on the restarted command side
        assertThat(canvass.command("sales1", "/api/contracts/c1/deposits", payment("c1-dep2", "0.01", "2026-03-03T00:00:00Z"))
                .status()).isEqualTo(409);
    }

    @Test
    @Order(10)
    void a_second_canvass_on_the_same_data_is_refused() throws Exception {
        Path data = canvass.data;
        Process second = new ProcessBuilder("bash", Path.of("run.sh").toAbsolutePath().toString(), "--no-build",
                "--data", data.toString()).redirectErrorStream(true).start();
        String output = new String(second.getInputStream().readAllBytes());
        assertThat(second.waitFor()).isEqualTo(1);
        assertThat(output).contains("already running");
    }

    /** Issue 13: an auditor keeps a digest, verifies online, exports, and verifies the export offline. */
    @Test
    @Order(11)
    void an_auditor_keeps_a_digest_and_verifies_the_history_online_and_offline() throws Exception {
        Canvass.Answer signed = canvass.commandPost("admin", "/api/audit/digests");
        assertThat(signed.status()).as(signed.text()).isEqualTo(201);
        assertThat(signed.json().get("position").asLong()).isGreaterThanOrEqualTo(lastPosition);
        assertThat(canvass.commandPost("manager", "/api/audit/digests").status()).isEqualTo(403);
        Canvass.Answer digest = canvass.query("auditor", "/api/audit/digest");
        assertThat(digest.json()).isEqualTo(signed.json());

        JsonNode verification = canvass.query("auditor", "/api/audit/verify").json();
        assertThat(verification.get("ok").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.get("headPosition").asLong()).isGreaterThanOrEqualTo(lastPosition);
        assertThat(verification.get("latestDigest")).isEqualTo(signed.json());
        JsonNode proof = canvass.query("auditor", "/api/audit/contracts/c1/verify").json();
        assertThat(proof.get("ok").asBoolean()).as(proof.toString()).isTrue();
        assertThat(proof.get("reachesDigest").asBoolean()).isTrue();

        Canvass.Answer export = canvass.query("admin", "/api/audit/export", "application/x-ndjson");
        assertThat(export.status()).isEqualTo(200);
        Path file = canvass.data.resolve("audit-export.jsonl");
        Files.writeString(file, export.text());
        Path kept = canvass.data.resolve("kept-digest.json");
        Files.writeString(kept, digest.text());
        Verified offline = verifyOffline(file, "--digest", kept.toString());
        assertThat(offline.status()).as(offline.output()).isZero();
        assertThat(offline.output()).contains("VERIFIED", "including the kept one");

        // one byte changed in the bytes of a stored deposit: the offline verifier names that event
        List<String> lines = new ArrayList<>(export.text().lines().toList());
        int line = 0;
        while (!(lines.get(line).contains("\"payloadType\":\"DepositCollected\""))) {
            line++;
        }
        String original = lines.get(line);
        int at = original.indexOf("\"payload\":\"") + 20;
        lines.set(line, original.substring(0, at) + (original.charAt(at) == 'A' ? 'B' : 'A') + original.substring(at + 1));
        Path tampered = canvass.data.resolve("audit-export-tampered.jsonl");
        Files.writeString(tampered, String.join("\n", lines) + "\n");
        long position = new com.fasterxml.jackson.databind.ObjectMapper().readTree(original).get("position").asLong();
        Verified broken = verifyOffline(tampered, "--digest", kept.toString());
        assertThat(broken.status()).as(broken.output()).isEqualTo(1);
        assertThat(broken.output()).contains("BROKEN at position " + position);
        // and a digest that was not signed by the key it names is refused before anything else
        Files.writeString(kept, digest.text().replace(digest.json().get("headHash").asText(), "00".repeat(32)));
        assertThat(verifyOffline(file, "--digest", kept.toString()).output()).contains("BROKEN: the kept digest");
    }

    record Verified(int status, String output) {
    }

    /** deploy/verify.sh, as an auditor runs it: a JDK and the file, nothing else. */
    static Verified verifyOffline(Path export, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("verify.sh").toAbsolutePath().toString(),
                export.toString()));
        command.addAll(List.of(options));
        Process verify = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes());
        return new Verified(verify.waitFor(), output);
    }

    /** Issue 13: a prospect's personal data erased; history says so, figures and the chain stay. */
    @Test
    @Order(12)
    void personal_data_is_erased_without_touching_a_figure_or_the_chain() throws Exception {
        String prospect = "{\"prospectId\":\"pii-1\",\"channel\":\"HAIR_SALON\",\"businessName\":\"Xiulan Salon\","
                + "\"districtId\":\"D-A\",\"streetId\":\"a1\",\"address\":\"8 Pii Road\",\"salespersonId\":\"sales1\","
                + "\"contactName\":\"李秀兰\",\"contactPhone\":\"139 8765 4321\",\"occurredAt\":\"2026-03-04T01:00:00Z\"}";
        write("sales1", "/api/prospects", prospect);
        write("sales1", "/api/contracts", contract("pii-c", "pii-1", "sales1", "SALE", 1, "690.00", "100.00",
                "2026-03-04T02:00:00Z"));
        JsonNode before = canvass.query("auditor", "/api/audit/prospects/pii-1/history").json();
        assertThat(before.get("personalDataErased").asBoolean()).isFalse();
        assertThat(before.get("events").get(0).get("payload").get("contactName").asText()).isEqualTo("李秀兰");
        assertThat(before.get("events").get(0).get("payload").get("contactPhone").asText()).isEqualTo("139 8765 4321");
        List<JsonNode> figures = List.of(read("manager", "/api/coverage/districts/D-A"),
                read("finance", "/api/finance/reconciliation?asOf=2026-03-31&size=500"),
                read("manager", "/api/quota/daily?date=2026-03-04"));
        // no read model keeps personal data: the contact is nowhere in MongoDB
        try (com.mongodb.client.MongoClient mongo = com.mongodb.client.MongoClients.create(
                "mongodb://localhost:" + canvass.run.mongoPort)) {
            for (String database : mongo.listDatabaseNames()) {
                for (String collection : mongo.getDatabase(database).listCollectionNames()) {
                    for (org.bson.Document document : mongo.getDatabase(database).getCollection(collection).find()) {
                        assertThat(document.toJson()).as(database + "." + collection).doesNotContain("李秀兰", "139 8765 4321");
                    }
                }
            }
        }

        Canvass.Answer erased = canvass.command("manager", "/api/prospects/pii-1/erasure",
                "{\"reason\":\"the owner asked (request 2026-118)\"}");
        assertThat(erased.status()).as(erased.text()).isEqualTo(201);
        lastPosition = Math.max(lastPosition, erased.json().get("position").asLong());
        JsonNode after = canvass.query("auditor", "/api/audit/prospects/pii-1/history").json();
        assertThat(after.get("personalDataErased").asBoolean()).isTrue();
        JsonNode payload = after.get("events").get(0).get("payload");
        assertThat(payload.get("contactName").asText()).isEqualTo("[erased]");
        assertThat(payload.get("contactPhone").asText()).isEqualTo("[erased]");
        assertThat(payload.get("businessName").asText()).isEqualTo("Xiulan Salon");
        assertThat(after.get("events").get(1).get("type").asText()).isEqualTo("PersonalDataErased");
        assertThat(after.get("events").get(1).get("metadata").get("userId").asText()).isEqualTo("manager");
        assertThat(after.toString()).doesNotContain("李秀兰", "139 8765 4321");
        // every figure as it was; the chain still verifies (it hashes what was stored)
        assertThat(List.of(read("manager", "/api/coverage/districts/D-A"),
                read("finance", "/api/finance/reconciliation?asOf=2026-03-31&size=500"),
                read("manager", "/api/quota/daily?date=2026-03-04")).stream().map(EndToEndTest::withoutAsOf).toList())
                .isEqualTo(figures.stream().map(EndToEndTest::withoutAsOf).toList());
        JsonNode verification = canvass.query("auditor", "/api/audit/verify").json();
        assertThat(verification.get("ok").asBoolean()).as(verification.toString()).isTrue();
        // a second erasure changes nothing; the erased prospect's later commands still work
        assertThat(canvass.command("admin", "/api/prospects/pii-1/erasure", "{\"reason\":\"again\"}").json()
                .get("position")).isEqualTo(erased.json().get("position"));
        write("sales1", "/api/contracts/pii-c/deposits", payment("pii-dep", "100.00", "2026-03-05T02:00:00Z"));
    }

    static JsonNode withoutAsOf(JsonNode answer) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = answer.deepCopy();
        copy.remove(List.of("asOf", "stale"));
        return copy;
    }

    @Test
    @Order(13)
    void a_campaigns_progress_and_the_follow_ups_its_deadlines_recorded() {
        JsonNode campaign = read("manager", "/api/campaigns/hair-march?asOf=2026-03-31").get("campaign");
        assertThat(campaign.get("plan").get("units").asInt()).isEqualTo(180);
        // c1, c2, c3 and the erasure test's pii-c (1 unit, its 100.00 deposit, nothing installed); c4 was cancelled
        assertThat(campaign.get("contracts").asInt()).isEqualTo(4);
        assertThat(campaign.get("unitsSigned").asInt()).isEqualTo(7);
        assertThat(campaign.get("unitsInstalled").asInt()).isEqualTo(4);
        // channel profit's figures for March (only hair salons count for it), with pii-c's
        assertThat(campaign.get("netProfit").asText()).isEqualTo("1840.00");
        assertThat(campaign.get("collected").asText()).isEqualTo("4480.00");
        assertThat(campaign.get("outstanding").asText()).isEqualTo("4490.00");

        // c1 and c3 were installed with money outstanding: their deadlines (due 04-03 and 04-04) record it;
        // pii-c's deposit (the erasure test's, a moment ago) waits its 2 s of grace
        JsonNode[] followUps = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            followUps[0] = canvass.query("finance", "/api/follow-ups?date=2026-04-10").json();
            return followUps[0].get("overdueBalances").size() == 2 && followUps[0].get("idleDeposits").size() == 1;
        });
        JsonNode c1 = followUps[0].get("overdueBalances").get(0);
        assertThat(c1.get("contractId").asText()).isEqualTo("c1");
        assertThat(c1.get("outstanding").asText()).isEqualTo("1760.00");
        assertThat(c1.get("overdueSince").asText()).isEqualTo("2026-04-03");
        assertThat(c1.get("days").asInt()).isEqualTo(38);
        assertThat(c1.get("campaignId").asText()).isEqualTo("hair-march");
        JsonNode c3 = followUps[0].get("overdueBalances").get(1);
        assertThat(c3.get("contractId").asText()).isEqualTo("c3");
        assertThat(c3.get("outstanding").asText()).isEqualTo("2140.00");
        // pii-c's deposit (03-05) sat with nothing installed; c4's was refunded, c5's installed
        assertThat(followUps[0].get("idleDeposits")).hasSize(1);
        JsonNode idle = followUps[0].get("idleDeposits").get(0);
        assertThat(idle.get("contractId").asText()).isEqualTo("pii-c");
        assertThat(idle.get("depositCollected").asText()).isEqualTo("100.00");
        assertThat(idle.get("idleSince").asText()).isEqualTo("2026-04-05");
        assertThat(canvass.query("finance", "/api/follow-ups?date=2026-04-02").json().get("overdueBalances")).isEmpty();
        JsonNode ending = canvass.query("manager", "/api/follow-ups?date=2026-03-28").json().get("campaignsEndingBehind");
        assertThat(ending).hasSize(1);
        assertThat(ending.get(0).get("campaignId").asText()).isEqualTo("hair-march");
        assertThat(ending.get(0).get("behindBy").asInt()).as("27 days x 3 x 2 = 162 planned, 7 signed").isEqualTo(155);

        // c1's second unit installed and everything paid clears it, from the day of the payment on
        write("installer", "/api/contracts/c1/installations", installation("c1-i2", 1, "2026-04-12T02:00:00Z"));
        write("finance", "/api/contracts/c1/balance-payments", payment("c1-bal2", "1760.00", "2026-04-12T03:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                canvass.query("finance", "/api/follow-ups?date=2026-04-20").json().get("overdueBalances").size() == 1);
        assertThat(canvass.query("finance", "/api/follow-ups?date=2026-04-11").json().get("overdueBalances")).hasSize(2);
        assertThat(canvass.query("manager", "/api/follow-ups").status()).isEqualTo(200);
        assertThat(canvass.query("sales1", "/api/follow-ups").status()).isEqualTo(403);
        assertThat(canvass.command("sales1", "/api/campaigns/hair-march/targets",
                "{\"dailyTarget\":3,\"from\":\"2026-03-20\",\"reason\":\"x\"}").status()).isEqualTo(403);
    }

    /**
     * The done-when of closing a month (docs/finance.md, "Closing a month"), through both apps: a
     * closed March stays exactly as closed after a late March deposit arrives; the deposit is
     * listed as an adjustment after close; reopening and closing again records both.
     */
    @Test
    @Order(14)
    void a_closed_march_stays_as_closed_after_a_late_march_deposit() {
        write("sales1", "/api/contracts", contract("c6", "pA2", "sales1", "SALE", 1, "1380.00", "300.00",
                "2026-03-20T02:00:00Z"));
        Canvass.Answer close = write("finance", "/api/finance/periods/2026-03/close", "{\"reason\":\"March reported\"}");
        assertThat(canvass.command("finance", "/api/finance/periods/2026-03/close",
                "{\"reason\":\"March reported\"}").json()).as("a retry answers the first").isEqualTo(close.json());
        JsonNode closed = read("auditor", "/api/finance/periods/2026-03");
        assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
        JsonNode statement = closed.get("statement");
        assertThat(closed.get("adjustments")).isEmpty();

        // synced in April (today, for the server), done on 28 March
        write("sales1", "/api/contracts/c6/deposits", payment("c6-dep", "300.00", "2026-03-28T02:00:00Z"));
        JsonNode late = read("finance", "/api/finance/periods/2026-03");
        assertThat(late.get("statement")).as("exactly as closed").isEqualTo(statement);
        assertThat(late.get("adjustments")).singleElement().satisfies(adjustment -> {
            assertThat(adjustment.get("contractId").asText()).isEqualTo("c6");
            assertThat(adjustment.get("what").asText()).isEqualTo("DEPOSIT");
            assertThat(adjustment.get("fieldDay").asText()).isEqualTo("2026-03-28");
            assertThat(adjustment.get("difference").get("collected").asText()).isEqualTo("300.00");
        });

        write("finance", "/api/finance/periods/2026-03/reopen", "{\"reason\":\"the deposit of 28 March\"}");
        write("finance", "/api/finance/periods/2026-03/close", "{\"reason\":\"March reported again\"}");
        JsonNode again = read("finance", "/api/finance/periods/2026-03");
        assertThat(again.get("history")).extracting(a -> a.get("action").asText() + " " + a.get("reason").asText())
                .containsExactly("CLOSED March reported", "REOPENED the deposit of 28 March",
                        "CLOSED March reported again");
        assertThat(again.get("adjustments")).isEmpty();
        assertThat(new java.math.BigDecimal(again.get("statement").get("totals").get("collected").asText()))
                .isEqualByComparingTo(new java.math.BigDecimal(statement.get("totals").get("collected").asText())
                        .add(new java.math.BigDecimal("300.00")));
    }
}
