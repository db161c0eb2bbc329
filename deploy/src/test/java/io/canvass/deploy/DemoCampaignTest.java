package io.canvass.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.canvass.deploy.demo.DemoCampaign;
import io.canvass.deploy.importer.DemoHistory;
import io.canvass.deploy.importer.Importer;
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
 * {@code deploy/run.sh --demo}: the hair-salon campaign run as planned gives exactly the plan's
 * figures and its statements settle every payment; with misses, the misses show as the matching
 * shortfalls and flags; and a restart shows the same.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoCampaignTest {

    static final String PLAN_START = "2026-03-02";
    static final String PLAN_END = "2026-05-30"; // 90 days
    static Canvass canvass;
    /** The position every read must reflect (after the second campaign). */
    static long minPosition = 0;

    @BeforeAll
    static void start() throws Exception {
        canvass = Canvass.start(Files.createTempDirectory("canvass-demo"), "--demo", "--seed", "7");
        canvass.awaitLog("Canvass keeps running", Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() throws Exception {
        if (canvass != null) {
            canvass.close();
        }
    }

    static JsonNode read(String user, String path) {
        JsonNode[] answer = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Canvass.Answer ready = canvass.query(null, "/actuator/health/readiness");
            if (ready.status() != 200) {
                return false;
            }
            Canvass.Answer got = canvass.query(user, path + (path.contains("?") ? "&" : "?") + "minPosition=" + minPosition);
            answer[0] = got.json();
            return got.status() == 200 && !got.json().get("stale").asBoolean();
        });
        return answer[0];
    }

    static JsonNode hairSalons(String from, String to) {
        JsonNode channels = read("finance", "/api/profit/channels?from=" + from + "&to=" + to).get("channels");
        for (JsonNode channel : channels) {
            if (channel.get("channel").asText().equals("HAIR_SALON")) {
                return channel;
            }
        }
        throw new AssertionError("no hair-salon figures in " + channels);
    }

    @Test
    @Order(1)
    void the_hair_salon_campaign_run_as_planned_gives_the_plans_figures() throws Exception {
        assertThat(canvass.log()).contains("[########################################] 100%");
        JsonNode hair = hairSalons(PLAN_START, PLAN_END);
        assertThat(hair.get("unitsSigned").asInt()).isEqualTo(540);
        assertThat(hair.get("unitsInstalled").asInt()).isEqualTo(540);
        assertThat(hair.get("netProfit").asText()).isEqualTo("248400.00");
        assertThat(hair.get("outstanding").asText()).isEqualTo("0.00");
        assertThat(hair.get("plan").get("units").asInt()).isEqualTo(540);
        assertThat(hair.get("plan").get("netProfit").asText()).isEqualTo("248400.00");
        for (String salesperson : new String[] {"sales1", "sales2", "sales3"}) {
            JsonNode quota = read("manager", "/api/quota/salespeople/" + salesperson + "?from=" + PLAN_START + "&to=" + PLAN_END);
            assertThat(quota.get("totals").get("days").asInt()).isEqualTo(90);
            assertThat(quota.get("totals").get("daysMet").asInt()).as(salesperson + " met the quota every day").isEqualTo(90);
            assertThat(quota.get("totals").get("unitsSigned").asInt()).isEqualTo(180);
            assertThat(quota.get("totals").get("shortfall").asInt()).isZero();
        }
        // the campaigns were planned by command, and the hair salons' answers the plan exactly
        JsonNode campaign = read("manager", "/api/campaigns/hair-20260302?asOf=" + PLAN_END).get("campaign");
        assertThat(campaign.get("plan").get("units").asInt()).isEqualTo(540);
        assertThat(campaign.get("plan").get("netProfit").asText()).isEqualTo("248400.00");
        assertThat(campaign.get("unitsSigned").asInt()).isEqualTo(540);
        assertThat(campaign.get("unitsInstalled").asInt()).isEqualTo(540);
        assertThat(campaign.get("netProfit").asText()).isEqualTo("248400.00");
        assertThat(campaign.get("outstanding").asText()).isEqualTo("0.00");
        assertThat(campaign.get("forecast").get("units").asInt()).isEqualTo(540);
        for (JsonNode salesperson : campaign.get("bySalesperson")) {
            assertThat(salesperson.get("daysMet").asInt()).as(salesperson.toString()).isEqualTo(90);
        }
        JsonNode mid = read("finance", "/api/campaigns/hair-20260302?asOf=2026-03-31").get("campaign");
        assertThat(mid.get("planToDate").get("units").asInt()).as("30 days x 3 x 2").isEqualTo(180);
        assertThat(mid.get("unitsSigned").asInt()).isEqualTo(180);
        List<String> campaigns = new ArrayList<>();
        read("manager", "/api/campaigns").get("campaigns").forEach(c -> campaigns.add(c.get("campaignId").asText()));
        assertThat(campaigns).containsExactly("hair-20260302", "other-20260302", "photo-20260302");
        JsonNode photo = read("finance", "/api/profit/channels?from=" + PLAN_START + "&to=" + PLAN_END).get("channels").get(1);
        assertThat(photo.get("channel").asText()).isEqualTo("PHOTO_STUDIO");
        assertThat(photo.get("contracts").asInt()).isEqualTo(60); // 2 salespeople, every third day

        // finance imported the statements of every payment: the rules settled them all (docs/finance.md)
        assertThat(canvass.log()).contains("Statement CASH_SLIP (layout plain)", "Statement WECHAT_PAY (layout wechat-merchant)",
                "Statement ALIPAY (layout alipay-merchant)", "Statement BANK (layout cn-bank)");
        JsonNode settlement = read("finance", "/api/finance/settlement");
        assertThat(settlement.get("unmatchedPayments")).as("every payment settled").isEmpty();
        assertThat(settlement.get("unmatchedLines")).as("every line matched").isEmpty();
        assertThat(settlement.get("proposals")).isEmpty();
        assertThat(settlement.get("totals").get("inTransit").asText()).isEqualTo("0.00");
        assertThat(settlement.get("totals").get("settled").asText())
                .isEqualTo(settlement.get("totals").get("collected").asText()).isNotEqualTo("0.00");
    }

    /**
     * A dashboard team's client (issue 29): TypeScript types generated from the kept documents, a
     * typed client compiled with tsc --strict that reads figures without null checks, run against
     * the demo: a command, the own-write wait, every dashboard, and the plan's figures.
     */
    @Test
    @Order(2)
    void the_typed_dashboard_client_reads_the_plans_figures() throws Exception {
        TypeScriptClient.assumeNode();
        TypeScriptClient.build();
        String output = TypeScriptClient.runDemo(canvass, minPosition);
        System.out.println(output);
        assertThat(output).contains("hair-salon campaign: 540 units, 248,400.00",
                "540 units signed, 540 installed, net profit 248,400.00; plan 540 units, 248,400.00",
                "own write: district ts-client");
    }

    @Test
    @Order(3)
    void the_misses_show_as_the_matching_shortfalls() throws Exception {
        minPosition = DemoCampaign.drive("--command-url", "http://localhost:" + canvass.commandPort,
                "--query-url", "http://localhost:" + canvass.queryPort, "--start", "2026-07-01", "--days", "3",
                "--misses", "--no-progress");
        // 3 days x 3 salespeople x 2 units = 18, less the cancelled contract's 2 and the short day's 1
        JsonNode hair = hairSalons("2026-07-01", "2026-07-03");
        assertThat(hair.get("unitsSigned").asInt()).isEqualTo(15);
        assertThat(hair.get("unitsInstalled").asInt()).isEqualTo(15);
        assertThat(hair.get("netProfit").asText()).isEqualTo("6900.00");
        assertThat(hair.get("outstanding").asText()).as("the unpaid balance of 2 units").isEqualTo("1800.00");

        JsonNode lastDay = read("manager", "/api/quota/daily?date=2026-07-03").get("salespeople");
        assertThat(find(lastDay, "sales1").get("shortfall").asInt()).as("signed 1 unit instead of 2").isEqualTo(1);
        assertThat(find(lastDay, "sales2").get("shortfall").asInt()).as("its contract was cancelled").isEqualTo(2);
        assertThat(find(lastDay, "sales3").get("met").asBoolean()).isTrue();

        JsonNode later = read("finance", "/api/finance/reconciliation?asOf=2026-08-15&salespersonId=sales3&channel=HAIR_SALON&size=500");
        long overdue = 0;
        for (JsonNode line : later.get("contracts")) {
            if (line.get("flags").toString().contains("BALANCE_OVERDUE")) {
                overdue++;
                assertThat(line.get("outstanding").asText()).isEqualTo("1800.00");
            }
        }
        assertThat(overdue).isEqualTo(1);

        // the follow-ups were recorded by their deadlines (the driver waited for them): an event each, by the system
        JsonNode followUps = read("finance", "/api/follow-ups");
        JsonNode balance = find(followUps.get("overdueBalances"), "contractId", "hs-sales3-20260703-0");
        assertThat(balance.get("outstanding").asText()).isEqualTo("1800.00");
        assertThat(balance.get("campaignId").asText()).isEqualTo("hair-20260701");
        assertThat(balance.get("overdueSince").asText()).isEqualTo("2026-08-03");
        JsonNode idle = find(followUps.get("idleDeposits"), "contractId", "ps-ps-1-20260701");
        assertThat(idle.get("salespersonId").asText()).isEqualTo("ps-1");
        assertThat(idle.get("idleSince").asText()).isEqualTo("2026-08-01");
        JsonNode history = canvass.query("auditor", "/api/audit/contracts/hs-sales3-20260703-0/history").json();
        List<String> types = new ArrayList<>();
        history.get("events").forEach(event -> types.add(event.get("type").asText()));
        assertThat(types).endsWith("BalanceBecameOverdue");
        assertThat(history.get("events").get(types.size() - 1).toString()).contains("\"canvass\"", "SYSTEM");
        assertThat(read("finance", "/api/follow-ups?date=2026-08-02").get("overdueBalances").toString())
                .as("not yet due on 08-02").doesNotContain("hs-sales3-20260703-0");

        the_statements_settle_every_payment_but_the_two_misses_and_again_change_nothing();
    }

    /**
     * The misses run's statements (docs/finance.md, "The demo's statements"): every payment settled
     * automatically (its refund matched by finance) but the cash deposit never paid in, flagged
     * UNSETTLED, and the bank line no payment explains, flagged UNKNOWN_RECEIPT; importing the same
     * files again (the driver run again) records and changes nothing.
     */
    void the_statements_settle_every_payment_but_the_two_misses_and_again_change_nothing() throws Exception {
        JsonNode settlement = flagged();
        JsonNode unsettled = settlement.get("unmatchedPayments");
        assertThat(unsettled).as("everything else was settled").singleElement().satisfies(payment -> {
            assertThat(payment.get("paymentId").asText()).isEqualTo("hs-sales2-20260701-0-dep");
            assertThat(payment.get("method").asText()).isEqualTo("CASH");
            assertThat(payment.get("source").asText()).isEqualTo("CASH_SLIP");
            assertThat(payment.get("flags")).extracting(JsonNode::asText).containsExactly("UNSETTLED");
        });
        assertThat(settlement.get("unmatchedLines")).singleElement().satisfies(line -> {
            assertThat(line.get("source").asText()).isEqualTo("BANK");
            assertThat(line.get("amount").asText()).isEqualTo("2150.00");
            assertThat(line.get("day").asText()).isEqualTo("2026-07-03");
            assertThat(line.get("flags")).extracting(JsonNode::asText).containsExactly("UNKNOWN_RECEIPT");
        });
        assertThat(settlement.get("proposals")).as("the refund's proposal was confirmed by finance").isEmpty();
        assertThat(settlement.get("totals").get("inTransit").asText()).isEqualTo(unsettled.get(0).get("amount").asText());
        JsonNode july = read("auditor", "/api/finance/statements/lines?from=2026-07-01&to=2026-07-31&size=500");

        minPosition = DemoCampaign.drive("--command-url", "http://localhost:" + canvass.commandPort,
                "--query-url", "http://localhost:" + canvass.queryPort, "--start", "2026-07-01", "--days", "3",
                "--misses", "--no-progress");
        assertThat(read("auditor", "/api/finance/statements/lines?from=2026-07-01&to=2026-07-31&size=500").get("totals"))
                .as("no line recorded again").isEqualTo(july.get("totals"));
        JsonNode again = read("finance", "/api/finance/settlement");
        for (String part : List.of("totals", "unmatchedPayments", "unmatchedLines", "proposals", "amountsDiffer")) {
            assertThat(again.get(part)).as(part).isEqualTo(settlement.get(part));
        }
    }

    /** The settlement once its flags are there (they may be recorded by deadlines, after a grace). */
    static JsonNode flagged() {
        JsonNode[] answer = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            answer[0] = read("finance", "/api/finance/settlement");
            String text = answer[0].toString();
            return text.contains("\"UNSETTLED\"") && text.contains("\"UNKNOWN_RECEIPT\"");
        });
        return answer[0];
    }

    static JsonNode find(JsonNode items, String field, String value) {
        for (JsonNode item : items) {
            if (item.get(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no " + field + " " + value + " in " + items);
    }

    static JsonNode find(JsonNode days, String salesperson) {
        for (JsonNode day : days) {
            if (day.get("salespersonId").asText().equals(salesperson)) {
                return day;
            }
        }
        throw new AssertionError("no quota for " + salesperson + " in " + days);
    }

    /**
     * {@code deploy/import.sh} (issue 27), on this system rather than a new one: the demo's first 30
     * days exported as finance's CSV files a year earlier (ids carry the date, so nothing is shared
     * with the demo's own run) with five bad lines, and imported: the figures equal the demo's first
     * 30 days, the bad lines are in the report with their reasons, and importing everything again
     * changes nothing.
     */
    @Test
    @Order(4)
    void the_importer_loads_the_demos_history_from_csv_with_the_demos_figures() throws Exception {
        Path dir = Files.createTempDirectory("canvass-import");
        for (DemoCampaign.Step step : DemoHistory.export(dir, "--seed", "7", "--days", "30", "--start", "2025-03-03")) {
            assertThat(canvass.command(step.user(), step.path(), step.body()).status()).isIn(200, 201);
        }
        String contract = Files.readAllLines(dir.resolve("contracts.csv")).get(1).split(",")[0];
        append(dir.resolve("payments.csv"), "nowhere-1,bad-1,DEPOSIT,100.00,CASH,R-B1,2025-03-05T02:00:00Z",
                contract + ",bad-2,DEPOSIT,-5.00,CASH,R-B2,2025-03-05T02:00:00Z");
        append(dir.resolve("installations.csv"), contract + ",bad-3,two,installer,DR-B3,2025-03-05T09:00:00Z");
        append(dir.resolve("prospects.csv"), "bad-4,HAIR_SALON,Shop,hs-daoli,hs-daoli-s01,1 Road,sales1,yesterday,,");
        append(dir.resolve("contracts.csv"), "bad-5,too,few");
        String url = "http://localhost:" + canvass.commandPort;

        Importer.Result first = Importer.run("demo", "--dir", dir.toString(), "--command-url", url, "--no-progress");
        String report = Files.readString(dir.resolve("import-refused.csv"));
        assertThat(first.refused()).as(report).isEqualTo(5);
        assertThat(report).contains("payments.csv,", ",404,", ",400,").contains("amount", "units")
                .contains("prospects.csv,", "occurred_at").contains("contracts.csv,", "has 3 fields");
        minPosition = Math.max(minPosition, first.lastPosition());
        for (String[] window : new String[][] {{"2025-03-03", "2025-04-01"}, {"2025-03-10", "2025-03-16"}}) {
            int shift = 364; // 2025-03-03 and 2026-03-02 are both Mondays, 52 weeks apart
            String from = java.time.LocalDate.parse(window[0]).plusDays(shift).toString();
            String to = java.time.LocalDate.parse(window[1]).plusDays(shift).toString();
            assertThat(read("finance", "/api/profit/channels?from=" + window[0] + "&to=" + window[1]).get("channels"))
                    .isEqualTo(read("finance", "/api/profit/channels?from=" + from + "&to=" + to).get("channels"));
            for (String salesperson : new String[] {"sales1", "sales2", "sales3"}) {
                assertThat(read("manager", "/api/quota/salespeople/" + salesperson + "?from=" + window[0] + "&to="
                        + window[1]).get("totals")).isEqualTo(read("manager", "/api/quota/salespeople/" + salesperson
                        + "?from=" + from + "&to=" + to).get("totals"));
            }
        }

        // the imported payments' deadlines (a year past) fire meanwhile and record their flags: count the rest
        long events = ResilienceTest.storedEventsSent(canvass.run.postgresPort);
        Importer.Result again = Importer.run("demo", "--dir", dir.toString(), "--command-url", url, "--no-progress",
                "--again");
        assertThat(again).isEqualTo(first);
        assertThat(Files.readString(dir.resolve("import-refused.csv"))).isEqualTo(report);
        assertThat(ResilienceTest.storedEventsSent(canvass.run.postgresPort)).as("a second import changes nothing")
                .isEqualTo(events);
        // and a run on the same files after a finished one has nothing left to send
        assertThat(Importer.run("demo", "--dir", dir.toString(), "--command-url", url, "--no-progress")).isEqualTo(first);
    }

    private static void append(Path file, String... lines) throws Exception {
        Files.write(file, List.of(lines), java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    @Order(5)
    void after_a_restart_the_dashboards_show_the_same_figures() throws Exception {
        JsonNode before = read("finance", "/api/profit/channels?from=" + PLAN_START + "&to=2026-11-27");
        canvass.close();
        assertThat(canvass.exitCode()).isZero();
        canvass = canvass.restart();
        JsonNode after = read("finance", "/api/profit/channels?from=" + PLAN_START + "&to=2026-11-27");
        assertThat(after.get("channels")).isEqualTo(before.get("channels"));
        assertThat(after.get("total")).isEqualTo(before.get("total"));
    }
}
