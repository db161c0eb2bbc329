package io.canvass.command.campaign;

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

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import static io.canvass.command.Api.district;
import static io.canvass.command.Api.prospect;
import static org.assertj.core.api.Assertions.assertThat;

/** Campaigns over HTTP on the real database: the rules that span campaigns, and contracts finding theirs. */
@EmbeddedPostgresTest
class CampaignHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Api api;
    EventTable events;
    String run;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        events = new EventTable(jdbc);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    static String campaign(String id, String channel, String start, String end, String... salespeople) {
        return "{\"campaignId\":\"" + id + "\",\"name\":\"Campaign " + id + "\",\"channel\":\"" + channel
                + "\",\"startDate\":\"" + start + "\",\"endDate\":\"" + end + "\",\"dailyTarget\":2,"
                + "\"netProfitPerUnit\":\"460.00\",\"salespeople\":[\"" + String.join("\",\"", salespeople) + "\"]}";
    }

    @Test
    void a_manager_plans_a_campaign_a_retry_is_answered_the_same_and_a_salesperson_may_not() {
        String body = campaign("hair-" + run, "HAIR_SALON", "2026-03-02", "2026-05-30", "a-" + run, "b-" + run, "c-" + run);
        Api.Answer first = api.post("manager", "/api/campaigns", body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().get("version").asLong()).isZero();
        Api.Answer retry = api.post("admin", "/api/campaigns", body);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(events.rows("campaign:hair-" + run)).extracting(row -> row.get("payload_type"))
                .contains("CampaignPlanned").doesNotHaveDuplicates();
        assertThat(api.post("manager", "/api/campaigns", body.replace("\"dailyTarget\":2", "\"dailyTarget\":3")).status())
                .isEqualTo(409);
        assertThat(api.post("sales1", "/api/campaigns", campaign("s-" + run, "HAIR_SALON", "2026-03-02", "2026-05-30",
                "sales1")).status()).isEqualTo(403);
    }

    @Test
    void no_salesperson_works_two_campaigns_of_one_channel_on_a_day() {
        String a = "a-" + run;
        assertThat(api.post("manager", "/api/campaigns", campaign("h1-" + run, "HAIR_SALON", "2026-03-02", "2026-05-30", a))
                .status()).isEqualTo(201);
        Api.Answer overlapping = api.post("manager", "/api/campaigns",
                campaign("h2-" + run, "HAIR_SALON", "2026-05-30", "2026-07-30", "z-" + run, a));
        assertThat(overlapping.status()).isEqualTo(409);
        assertThat(overlapping.body().toString()).contains("salesperson " + a + " already works campaign h1-" + run);
        assertThat(events.count("campaign:h2-" + run)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from campaign_stint where campaign_id = ?", Long.class,
                "h2-" + run)).as("no half-written staffing").isZero();
        // the next day is free; another channel on the same days is too
        assertThat(api.post("manager", "/api/campaigns", campaign("h3-" + run, "HAIR_SALON", "2026-05-31", "2026-07-30", a))
                .status()).isEqualTo(201);
        assertThat(api.post("manager", "/api/campaigns", campaign("p1-" + run, "PHOTO_STUDIO", "2026-03-02", "2026-05-30", a))
                .status()).isEqualTo(201);
        // "other channels" covers hotels
        String b = "b-" + run;
        assertThat(api.post("manager", "/api/campaigns", campaign("o1-" + run, "OTHER", "2026-03-02", "2026-05-30", b))
                .status()).isEqualTo(201);
        assertThat(api.post("manager", "/api/campaigns", campaign("o2-" + run, "HOTEL", "2026-04-01", "2026-04-30", b))
                .status()).isEqualTo(409);
    }

    @Test
    void a_contract_counts_for_the_campaign_its_salesperson_works_that_day_or_the_one_named() throws Exception {
        String sp = "sp-" + run;
        assertThat(api.post("manager", "/api/campaigns", campaign("hc-" + run, "HAIR_SALON", "2026-02-20", "2026-05-30", sp))
                .status()).isEqualTo(201);
        assertThat(api.post("manager", "/api/districts", district("d-" + run, "s-1")).status()).isEqualTo(201);
        assertThat(api.post("manager", "/api/prospects", prospect("p-" + run, "d-" + run, "s-1", sp)).status()).isEqualTo(201);
        assertThat(api.post("manager", "/api/contracts", Api.contract("c1-" + run, "p-" + run, sp, 2, "1000.00", "0.00"))
                .status()).isEqualTo(201);
        assertThat(campaignOf("c1-" + run)).isEqualTo("hc-" + run);

        String outside = Api.contract("c2-" + run, "p-" + run, sp, 1, "1000.00", "0.00")
                .replace("2026-03-01T01:30:00Z", "2026-06-10T01:30:00Z");
        assertThat(api.post("manager", "/api/contracts", outside).status()).isEqualTo(201);
        assertThat(campaignOf("c2-" + run)).as("outside every campaign").isNull();

        assertThat(api.post("manager", "/api/campaigns", campaign("ph-" + run, "PHOTO_STUDIO", "2026-02-20", "2026-05-30", sp))
                .status()).isEqualTo(201);
        String named = Api.contract("c3-" + run, "p-" + run, sp, 1, "1000.00", "0.00")
                .replace("}", ",\"campaignId\":\"ph-" + run + "\"}");
        Api.Answer wrong = api.post("manager", "/api/contracts", named);
        assertThat(wrong.status()).as("a photo-studio campaign for a hair salon").isEqualTo(409);
        assertThat(wrong.body().toString()).contains("does not work campaign ph-" + run + " for HAIR_SALON on 2026-03-01");
        assertThat(events.count("contract:c3-" + run)).isZero();

        // a retry without the campaign is answered as the first
        assertThat(api.post("manager", "/api/contracts", Api.contract("c1-" + run, "p-" + run, sp, 2, "1000.00", "0.00"))
                .status()).isEqualTo(201);
    }

    @Test
    void changes_go_forward_only_and_a_closed_campaign_takes_none() {
        String id = "f-" + run;
        assertThat(api.post("manager", "/api/campaigns", campaign(id, "HAIR_SALON", TODAY.minusDays(10).toString(),
                TODAY.plusDays(60).toString(), "f1-" + run)).status()).isEqualTo(201);
        assertThat(api.post("manager", "/api/campaigns/" + id + "/targets", "{\"dailyTarget\":3,\"from\":\""
                + TODAY.minusDays(1) + "\",\"reason\":\"catch up\"}").status()).isEqualTo(409);
        assertThat(api.post("manager", "/api/campaigns/" + id + "/targets", "{\"dailyTarget\":3,\"from\":\""
                + TODAY.plusDays(1) + "\",\"reason\":\"up to speed\"}").status()).isEqualTo(201);
        assertThat(api.post("manager", "/api/campaigns/" + id + "/salespeople", "{\"salespersonId\":\"f2-" + run
                + "\",\"from\":\"" + TODAY + "\"}").status()).isEqualTo(201);
        assertThat(api.post("manager", "/api/campaigns/" + id + "/salespeople/f1-" + run + "/release",
                "{\"from\":\"" + TODAY.plusDays(5) + "\"}").status()).isEqualTo(201);
        assertThat(jdbc.queryForObject("select last_day from campaign_stint where campaign_id = ? and salesperson_id = ?",
                LocalDate.class, id, "f1-" + run)).isEqualTo(TODAY.plusDays(4));
        assertThat(api.post("manager", "/api/campaigns/" + id + "/closure", "{\"reason\":\"saturated\",\"occurredAt\":\""
                + java.time.Instant.now() + "\"}").status()).isEqualTo(201);
        assertThat(api.post("manager", "/api/campaigns/" + id + "/targets", "{\"dailyTarget\":4,\"from\":\""
                + TODAY.plusDays(2) + "\",\"reason\":\"more\"}").status()).isEqualTo(409);
        assertThat(api.post("manager", "/api/campaigns/nobody-" + run + "/targets", "{\"dailyTarget\":4,\"from\":\""
                + TODAY.plusDays(2) + "\",\"reason\":\"more\"}").status()).isEqualTo(404);
    }

    @Test
    void bad_campaigns_are_refused_with_the_field_named_and_nothing_written() {
        Api.Answer far = api.post("manager", "/api/campaigns", campaign("x-" + run, "HAIR_SALON", "2026-03-02", "9999-12-31", "x"));
        assertThat(far.status()).isEqualTo(400);
        assertThat(far.body().toString()).contains("endDate");
        Api.Answer billion = api.post("manager", "/api/campaigns", campaign("x-" + run, "HAIR_SALON", "+1000000000-01-01",
                "2026-05-30", "x"));
        assertThat(billion.status()).isEqualTo(400);
        Api.Answer reversed = api.post("manager", "/api/campaigns", campaign("x-" + run, "HAIR_SALON", "2026-05-30",
                "2026-03-02", "x"));
        assertThat(reversed.status()).isEqualTo(409);
        assertThat(reversed.body().toString()).contains("dates out of order");
        Api.Answer none = api.post("manager", "/api/campaigns", campaign("x-" + run, "HAIR_SALON", "2026-03-02",
                "2026-05-30", "x").replace("[\"x\"]", "[]"));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body().toString()).contains("salespeople");
        Api.Answer zero = api.post("manager", "/api/campaigns", campaign("x-" + run, "HAIR_SALON", "2026-03-02",
                "2026-05-30", "x").replace("\"dailyTarget\":2", "\"dailyTarget\":0"));
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.body().toString()).contains("dailyTarget");
        assertThat(events.count("campaign:x-" + run)).isZero();
    }

    private String campaignOf(String contractId) throws Exception {
        JsonNode payload = JSON.readTree((String) events.rows("contract:" + contractId).get(0).get("payload"));
        return payload.hasNonNull("campaignId") ? payload.get("campaignId").asText() : null;
    }
}
