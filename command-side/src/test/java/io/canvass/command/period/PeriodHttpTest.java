package io.canvass.command.period;

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

import java.io.IOException;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing and reopening a month over HTTP on the real database: the month in the path checked,
 * a month not over refused, retries answered as the first, every close and reopening recorded
 * with who, why and the position the close was made at.
 */
@EmbeddedPostgresTest
class PeriodHttpTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Api api;
    EventTable events;
    String month;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        events = new EventTable(jdbc);
        // a month of this test's own (the store is shared with the other test classes)
        month = YearMonth.of(2001 + ThreadLocalRandom.current().nextInt(20), 1 + ThreadLocalRandom.current().nextInt(12))
                .toString();
    }

    static String why(String reason) {
        return "{\"reason\":\"" + reason + "\"}";
    }

    @Test
    void a_month_is_closed_reopened_and_closed_again_each_recorded_with_who_why_and_position() throws IOException {
        assertThat(api.post("manager", "/api/districts", Api.district("pd-" + month, "s-1")).status()).isEqualTo(201);
        long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);

        Api.Answer closed = api.post("finance", "/api/finance/periods/" + month + "/close", why("reported"));
        assertThat(closed.status()).as(closed.body().toString()).isEqualTo(200);
        assertThat(closed.field("id")).isEqualTo(month);
        assertThat(closed.body().get("version").asLong()).isZero();
        Api.Answer retry = api.post("finance", "/api/finance/periods/" + month + "/close", why("reported"));
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).as("a retry answers the first").isEqualTo(closed.body());
        Api.Answer again = api.post("finance", "/api/finance/periods/" + month + "/close", why("reported twice"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.field("detail")).contains("closed already");

        assertThat(api.post("finance", "/api/finance/periods/" + month + "/reopen", "{}").status()).isEqualTo(400);
        Api.Answer reopened = api.post("finance", "/api/finance/periods/" + month + "/reopen", why("late deposit"));
        assertThat(reopened.status()).isEqualTo(200);
        assertThat(reopened.body().get("version").asLong()).isEqualTo(1);
        assertThat(api.post("finance", "/api/finance/periods/" + month + "/reopen", why("late deposit")).body())
                .isEqualTo(reopened.body());
        assertThat(api.post("finance", "/api/finance/periods/" + month + "/reopen", why("another")).status())
                .isEqualTo(409);
        Api.Answer closedAgain = api.post("finance", "/api/finance/periods/" + month + "/close", why("reported"));
        assertThat(closedAgain.status()).isEqualTo(200);
        assertThat(closedAgain.body().get("version").asLong()).isEqualTo(2);

        List<Map<String, Object>> rows = events.rows("period:" + month);
        assertThat(rows).extracting(row -> row.get("payload_type"))
                .containsExactly("MonthClosed", "MonthReopened", "MonthClosed");
        JsonNode first = JSON.readTree(String.valueOf(rows.get(0).get("payload")));
        assertThat(first.get("position").asLong()).as("the position the close was made at")
                .isGreaterThanOrEqualTo(head).isLessThan(closed.body().get("position").asLong());
        assertThat(first.get("reason").asText()).isEqualTo("reported");
        JsonNode second = JSON.readTree(String.valueOf(rows.get(2).get("payload")));
        assertThat(second.get("position").asLong()).isGreaterThanOrEqualTo(reopened.body().get("position").asLong());
        assertThat(String.valueOf(rows.get(1).get("meta_data"))).contains("finance", "FINANCE", "late deposit");
    }

    @Test
    void a_month_not_over_in_the_branchs_zone_is_refused_and_nothing_is_recorded() {
        YearMonth now = YearMonth.now(ZoneId.of("Asia/Shanghai"));
        for (YearMonth notOver : List.of(now, now.plusMonths(1), YearMonth.of(2999, 12))) {
            Api.Answer answer = api.post("finance", "/api/finance/periods/" + notOver + "/close", why("early"));
            assertThat(answer.status()).as(notOver.toString()).isEqualTo(409);
            assertThat(answer.field("detail")).contains("is not over");
            assertThat(events.rows("period:" + notOver)).isEmpty();
        }
    }

    @Test
    void a_bad_month_is_a_400_naming_it() {
        long rows = events.count();
        for (String bad : List.of("2026-13", "2026-00", "+1000000000-01", "-999999999-01", "1999-12", "3000-01",
                "2026-3", "march", "2026-03-01", "%20")) {
            for (String action : List.of("close", "reopen")) {
                Api.Answer answer = api.post("finance", "/api/finance/periods/" + bad + "/" + action, why("bad"));
                assertThat(answer.status()).as(bad + " " + action).isEqualTo(400);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(String.valueOf(answer.body())).as(bad).contains("\"fields\":[\"month\"]");
            }
        }
        // a NUL byte or a line break in the path is refused before the application: a 400 problem too
        for (String control : List.of("2026-03%00", "2026-03%0A")) {
            Api.Answer refused = api.post("finance", "/api/finance/periods/" + control + "/close", why("bad"));
            assertThat(refused.status()).as(control).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(events.count()).isEqualTo(rows);
    }

    @Test
    void only_finance_closes_a_month() {
        for (String user : List.of("manager", "sales1", "installer", "auditor", "admin")) {
            assertThat(api.post(user, "/api/finance/periods/" + month + "/close", why("not mine")).status())
                    .as(user).isEqualTo(403);
        }
        assertThat(events.rows("period:" + month)).isEmpty();
    }
}
