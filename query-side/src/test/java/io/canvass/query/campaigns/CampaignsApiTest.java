package io.canvass.query.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.campaign.CampaignId;
import io.canvass.events.campaign.CampaignPlanned;
import io.canvass.events.campaign.DailyTargetChanged;
import io.canvass.events.contract.BalanceBecameOverdue;
import io.canvass.events.contract.BalanceCollected;
import io.canvass.events.contract.BalanceOverdueCleared;
import io.canvass.events.contract.ContractCancelled;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.contract.DepositBecameIdle;
import io.canvass.events.contract.DepositCollected;
import io.canvass.events.contract.InstallationId;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.contract.UnitsInstalled;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Campaigns as the dashboards read them, from events stored straight into a fresh store:
 * <pre>
 * hair  HAIR_SALON 2026-03-02..05-30, 2 a day, 460.00, sales1..3 (the plan: 540 units, 248,400.00)
 * oc    OTHER      2026-03-02..05-30, 2 a day, 460.00, oc-1; from 03-10 on 3 a day (recorded 03-09)
 * c-1   sales1 2 x 1000.00 on 03-03 (hair), deposit 400.00 03-03, installed 2 on 03-04; overdue from 04-05, paid 04-20
 * c-2   sales2 2 x 1000.00 on 03-03 (hair), deposit 400.00 03-03, never installed: idle from 04-04
 * c-3   sales3 1 x 1000.00 on 03-03 (hair), cancelled 03-04
 * h-1   oc-1   HOTEL 2 units on 03-09 (oc); h-2 oc-1 HOTEL 2 units on 03-10 (oc)
 * x-1   sales9 1 unit on 03-03, outside every campaign
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "canvass.embedded-mongo.port=0", "canvass.freshness-wait=1s"})
class CampaignsApiTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();
    static final DistrictId D = new DistrictId("daoli");
    static final StreetId S = new StreetId("jiefang");

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

    @BeforeAll
    static void history() {
        EVENTS.append(D, "District", new DistrictPlanned(D, "Harbin", "Daoli", List.of(new PlannedStreet(S, "Jiefang Rd")),
                at("2026-03-01T08:00")), "manager", "MANAGER");
        CampaignId hair = new CampaignId("hair");
        EVENTS.append(hair, "Campaign", new CampaignPlanned(hair, "Hair salons", Channel.HAIR_SALON,
                LocalDate.parse("2026-03-02"), LocalDate.parse("2026-05-30"), 2, Money.parse("460.00"),
                List.of(new UserId("sales1"), new UserId("sales2"), new UserId("sales3")), at("2026-03-01T09:00")),
                "manager", "MANAGER");
        CampaignId oc = new CampaignId("oc");
        EVENTS.append(oc, "Campaign", new CampaignPlanned(oc, "Other channels", Channel.OTHER,
                LocalDate.parse("2026-03-02"), LocalDate.parse("2026-05-30"), 2, Money.parse("460.00"),
                List.of(new UserId("oc-1")), at("2026-03-01T09:00")), "manager", "MANAGER");
        EVENTS.append(oc, "Campaign", new DailyTargetChanged(oc, 3, LocalDate.parse("2026-03-10"), "up to speed",
                at("2026-03-09T18:00")), "manager", "MANAGER");

        ProspectId salon = prospect("salon", Channel.HAIR_SALON);
        ProspectId hotel = prospect("hotel", Channel.HOTEL);
        ContractId c1 = sign("c-1", salon, "sales1", 2, "2026-03-03T10:00", hair);
        deposit(c1, "c1-d", "400.00", "2026-03-03T11:00");
        EVENTS.append(c1, "Contract", new UnitsInstalled(c1, new InstallationId("c1-i"), 2, new UserId("installer"), "D1",
                at("2026-03-04T10:00")), "installer", "INSTALLER");
        EVENTS.append(c1, "Contract", new BalanceBecameOverdue(c1, Money.parse("1600.00"), 30, at("2026-04-05T00:00")),
                "canvass", "SYSTEM");
        EVENTS.append(c1, "Contract", new BalanceCollected(c1, new PaymentId("c1-b"), Money.parse("1600.00"),
                PaymentMethod.CASH, "R2", at("2026-04-20T10:00")), "installer", "INSTALLER");
        EVENTS.append(c1, "Contract", new BalanceOverdueCleared(c1, "everything is paid", at("2026-04-20T10:00")),
                "installer", "INSTALLER");
        ContractId c2 = sign("c-2", salon, "sales2", 2, "2026-03-03T10:00", hair);
        deposit(c2, "c2-d", "400.00", "2026-03-03T11:00");
        EVENTS.append(c2, "Contract", new DepositBecameIdle(c2, Money.parse("400.00"), 30, at("2026-04-04T00:00")),
                "canvass", "SYSTEM");
        ContractId c3 = sign("c-3", salon, "sales3", 1, "2026-03-03T10:00", hair);
        EVENTS.append(c3, "Contract", new ContractCancelled(c3, "changed her mind", Money.ZERO, at("2026-03-04T09:00")),
                "finance", "FINANCE");
        sign("h-1", hotel, "oc-1", 2, "2026-03-09T10:00", oc);
        sign("h-2", hotel, "oc-1", 2, "2026-03-10T10:00", oc);
        sign("x-1", salon, "sales9", 1, "2026-03-03T10:00", null);
    }

    static ProspectId prospect(String id, Channel channel) {
        ProspectId prospect = new ProspectId(id);
        EVENTS.append(prospect, "Prospect", new ProspectRecorded(prospect, channel, "Business " + id, D, S, id + " Rd",
                null, null, new UserId("sales1"), at("2026-03-02T09:00")), "sales1", "SALES");
        return prospect;
    }

    static ContractId sign(String id, ProspectId prospect, String salesperson, int units, String when, CampaignId campaign) {
        ContractId contract = new ContractId(id);
        Channel channel = prospect.value().equals("hotel") ? Channel.HOTEL : Channel.HAIR_SALON;
        EVENTS.append(contract, "Contract", new ContractSigned(contract, prospect, channel, D, S, new UserId(salesperson),
                ContractKind.SALE, units, Money.parse("1000.00"), Money.parse(units * 200 + ".00"), campaign, at(when)),
                salesperson, "SALES");
        return contract;
    }

    static void deposit(ContractId contract, String paymentId, String amount, String when) {
        EVENTS.append(contract, "Contract", new DepositCollected(contract, new PaymentId(paymentId), Money.parse(amount),
                PaymentMethod.CASH, "R-" + paymentId, at(when)), "sales1", "SALES");
    }

    @BeforeEach
    void caughtUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> freshness.caughtUp() && freshness.position() >= EVENTS.head());
    }

    JsonNode read(String user, String path) {
        return new Http(port).ok(user, path);
    }

    @Test
    void the_hair_salon_campaign_plans_540_units_and_248400_and_shows_its_progress_as_of_a_day() {
        JsonNode campaign = read("manager", "/api/campaigns/hair?asOf=2026-03-04").get("campaign");
        assertThat(campaign.get("plan").get("units").asInt()).isEqualTo(540);
        assertThat(campaign.get("plan").get("netProfit").asText()).isEqualTo("248400.00");
        assertThat(campaign.get("plan").get("salespersonDays").asInt()).isEqualTo(270);
        assertThat(campaign.get("status").asText()).isEqualTo("RUNNING");
        // 2026-03-02..04: 3 days x 3 people x 2
        assertThat(campaign.get("planToDate").get("units").asInt()).isEqualTo(18);
        assertThat(campaign.get("contracts").asInt()).as("c-3 was cancelled").isEqualTo(2);
        assertThat(campaign.get("unitsSigned").asInt()).isEqualTo(4);
        assertThat(campaign.get("unitsInstalled").asInt()).isEqualTo(2);
        assertThat(campaign.get("netProfit").asText()).isEqualTo("920.00");
        assertThat(campaign.get("collected").asText()).isEqualTo("800.00");
        assertThat(campaign.get("outstanding").asText()).isEqualTo("3200.00");
        // 4 units in 9 salesperson-days, over 270: 120 units
        assertThat(campaign.get("forecast").get("units").asInt()).isEqualTo(120);
        assertThat(campaign.get("forecast").get("netProfit").asText()).isEqualTo("55200.00");
        JsonNode sales1 = campaign.get("bySalesperson").get(0);
        assertThat(sales1.get("salespersonId").asText()).isEqualTo("sales1");
        assertThat(sales1.get("daysWorked").asInt()).isEqualTo(3);
        assertThat(sales1.get("unitsSigned").asInt()).isEqualTo(2);
        assertThat(sales1.get("daysMet").asInt()).isEqualTo(1);
        assertThat(sales1.get("shortfall").asInt()).isEqualTo(4);

        JsonNode before = read("finance", "/api/campaigns/hair?asOf=2026-03-01").get("campaign");
        assertThat(before.get("status").asText()).isEqualTo("PLANNED");
        assertThat(before.get("unitsSigned").asInt()).isZero();

        JsonNode all = read("manager", "/api/campaigns?asOf=2026-03-04");
        List<String> ids = new ArrayList<>();
        all.get("campaigns").forEach(c -> ids.add(c.get("campaignId").asText()));
        assertThat(ids).containsExactly("hair", "oc");
    }

    @Test
    void a_days_quota_keeps_the_target_that_stood_for_it_and_outside_campaigns_the_default() {
        JsonNode days = read("manager", "/api/quota/salespeople/oc-1?from=2026-03-09&to=2026-03-10").get("days");
        assertThat(days.get(0).get("target").asInt()).as("03-09, before the change").isEqualTo(2);
        assertThat(days.get(0).get("met").asBoolean()).isTrue();
        assertThat(days.get(1).get("target").asInt()).as("03-10, from the change on").isEqualTo(3);
        assertThat(days.get(1).get("shortfall").asInt()).isEqualTo(1);
        JsonNode outside = read("manager", "/api/quota/salespeople/sales9?from=2026-03-03&to=2026-03-03").get("days");
        assertThat(outside.get(0).get("target").asInt()).isEqualTo(2);
        assertThat(outside.get(0).get("shortfall").asInt()).isEqualTo(1);
        JsonNode oc = read("manager", "/api/campaigns/oc?asOf=2026-03-10").get("campaign");
        assertThat(oc.get("unitsSigned").asInt()).as("hotels count for the other-channels campaign").isEqualTo(4);
        assertThat(oc.get("dailyTarget").asInt()).isEqualTo(3);
    }

    @Test
    void channel_profit_shows_the_plan_of_the_campaigns_for_the_days_of_the_range() {
        JsonNode whole = read("finance", "/api/profit/channels?from=2026-03-02&to=2026-05-30");
        JsonNode hair = channel(whole, "HAIR_SALON");
        assertThat(hair.get("plan").get("units").asInt()).isEqualTo(540);
        assertThat(hair.get("plan").get("netProfit").asText()).isEqualTo("248400.00");
        // 8 days at 2 and 82 at 3
        assertThat(channel(whole, "OTHER").get("plan").get("units").asInt()).isEqualTo(262);
        JsonNode first = read("finance", "/api/profit/channels?from=2026-03-02&to=2026-03-04");
        assertThat(channel(first, "HAIR_SALON").get("plan").get("units").asInt()).isEqualTo(18);
        assertThat(channel(first, "HAIR_SALON").get("plan").get("netProfit").asText()).isEqualTo("8280.00");
    }

    @Test
    void follow_ups_list_what_deadlines_flagged_and_not_cleared_by_the_day_and_campaigns_ending_behind() {
        JsonNode april10 = read("finance", "/api/follow-ups?date=2026-04-10");
        assertThat(april10.get("overdueBalances")).hasSize(1);
        JsonNode overdue = april10.get("overdueBalances").get(0);
        assertThat(overdue.get("contractId").asText()).isEqualTo("c-1");
        assertThat(overdue.get("salespersonId").asText()).isEqualTo("sales1");
        assertThat(overdue.get("campaignId").asText()).isEqualTo("hair");
        assertThat(overdue.get("outstanding").asText()).isEqualTo("1600.00");
        assertThat(overdue.get("overdueSince").asText()).isEqualTo("2026-04-05");
        assertThat(overdue.get("days").asInt()).isEqualTo(37);
        assertThat(april10.get("idleDeposits")).hasSize(1);
        assertThat(april10.get("idleDeposits").get(0).get("contractId").asText()).isEqualTo("c-2");
        assertThat(april10.get("idleDeposits").get(0).get("depositCollected").asText()).isEqualTo("400.00");

        JsonNode april4 = read("manager", "/api/follow-ups?date=2026-04-04");
        assertThat(april4.get("overdueBalances")).as("it fell due on 04-05").isEmpty();
        JsonNode april25 = read("manager", "/api/follow-ups?date=2026-04-25");
        assertThat(april25.get("overdueBalances")).as("paid on 04-20").isEmpty();
        assertThat(april25.get("idleDeposits")).hasSize(1);

        JsonNode may25 = read("manager", "/api/follow-ups?date=2026-05-25");
        List<String> behind = new ArrayList<>();
        may25.get("campaignsEndingBehind").forEach(c -> behind.add(c.get("campaignId").asText()));
        assertThat(behind).containsExactly("hair", "oc");
        JsonNode hair = may25.get("campaignsEndingBehind").get(0);
        assertThat(hair.get("daysLeft").asInt()).isEqualTo(5);
        assertThat(hair.get("unitsSigned").asInt()).isEqualTo(4);
        assertThat(hair.get("behindBy").asInt()).isEqualTo(hair.get("plannedToDate").asInt() - 4);
        assertThat(read("manager", "/api/follow-ups?date=2026-05-10").get("campaignsEndingBehind")).isEmpty();
    }

    @Test
    void campaigns_and_follow_ups_are_for_managers_and_finance() {
        Http http = new Http(port);
        assertThat(http.get("sales1", "/api/campaigns").status()).isEqualTo(403);
        assertThat(http.get("sales1", "/api/follow-ups").status()).isEqualTo(403);
        assertThat(http.get("auditor", "/api/campaigns/hair").status()).isEqualTo(403);
        assertThat(http.get("manager", "/api/campaigns/nobody").status()).isEqualTo(404);
    }

    private static JsonNode channel(JsonNode profit, String channel) {
        for (JsonNode line : profit.get("channels")) {
            if (line.get("channel").asText().equals(channel)) {
                return line;
            }
        }
        throw new AssertionError("no " + channel + " in " + profit);
    }
}
