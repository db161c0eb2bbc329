package io.canvass.command.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.canvass.command.Api;
import io.canvass.command.EmbeddedPostgresTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.canvass.command.Api.contract;
import static io.canvass.command.Api.district;
import static io.canvass.command.Api.installation;
import static io.canvass.command.Api.payment;
import static io.canvass.command.Api.prospect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** POST /api/batches (issue 16): each command on its own, authorized as alone, answered in order; retries are safe. */
@EmbeddedPostgresTest
class BatchTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    static String item(String path, String body) {
        return "{\"path\":\"" + path + "\",\"body\":" + body + "}";
    }

    static String batch(List<String> items) {
        return "{\"commands\":[" + String.join(",", items) + "]}";
    }

    long events() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    @Test
    void each_command_has_its_own_outcome_in_order_and_a_retry_changes_nothing() {
        Api api = new Api(port);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String d = "d-" + run;
        String c = "c-" + run;
        assertThat(api.post("manager", "/api/districts", district(d, "s-1")).status()).isEqualTo(201);
        List<String> items = List.of(
                item("/api/districts", district("other-" + run, "s-1")),                       // 0 manager only: 403
                item("/api/prospects", prospect("p-" + run, d, "s-1", "sales1")),               // 1 201
                item("/api/contracts", contract(c, "p-" + run, "sales1", 2, "500.00", "200.00")), // 2 201
                item("/api/contracts/" + c + "/deposits", payment("d1", "150.00")),             // 3 201
                item("/api/contracts/" + c + "/deposits", payment("d2", "100.00")),             // 4 409: over 200.00
                item("/api/contracts/" + c + "/deposits", payment("d3", "-5")),                 // 5 400: amount
                item("/api/contracts/" + c + "/installations", installation("i1", 1)),         // 6 installer only: 403
                item("/api/contracts/nowhere-" + run + "/deposits", payment("d4", "1.00")),    // 7 404
                item("/api/batches", "{\"commands\":[]}"),                                      // 8 not a command: 400
                item("/api/contracts/" + c + "/deposits", payment("d5", "50.00")));            // 9 201: still goes on
        long before = events();
        Api.Answer answer = api.post("sales1", "/api/batches", batch(items));
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        JsonNode outcomes = answer.body().get("outcomes");
        List<Integer> statuses = new ArrayList<>();
        outcomes.forEach(o -> statuses.add(o.get("status").asInt()));
        assertThat(statuses).containsExactly(403, 201, 201, 201, 409, 400, 403, 404, 400, 201);
        assertThat(answer.body().get("accepted").asInt()).isEqualTo(4);
        assertThat(answer.body().get("refused").asInt()).isEqualTo(6);
        assertThat(outcomes.get(4).get("body").get("detail").asText()).contains("more than the 200.00");
        assertThat(outcomes.get(5).get("body").get("fields").toString()).contains("amount");
        assertThat(outcomes.get(3).get("body").get("version").asLong()).isEqualTo(1);
        assertThat(outcomes.get(9).get("body").get("version").asLong()).isEqualTo(2);
        assertThat(events() - before).isEqualTo(4);
        // the same batch again: every command answered as the first time, nothing written
        Api.Answer again = api.post("sales1", "/api/batches", batch(items));
        List<Integer> againStatuses = new ArrayList<>();
        again.body().get("outcomes").forEach(o -> againStatuses.add(o.get("status").asInt()));
        assertThat(againStatuses).isEqualTo(statuses);
        for (int i : new int[] {1, 2, 3, 9}) {
            assertThat(again.body().get("outcomes").get(i).get("body").get("position"))
                    .isEqualTo(outcomes.get(i).get("body").get("position"));
        }
        assertThat(events() - before).isEqualTo(4);
        // and a part of it, alone, is answered the same
        Api.Answer single = api.post("sales1", "/api/contracts/" + c + "/deposits", payment("d1", "150.00"));
        assertThat(single.body().get("position")).isEqualTo(outcomes.get(3).get("body").get("position"));
    }

    /**
     * One commit for the whole batch: while its last command waits (on a personal-data key this test
     * holds in a transaction of its own), nothing of the commands before it is visible; once it goes
     * on, all of them are.
     */
    @Test
    void the_accepted_commands_are_committed_together() throws Exception {
        Api api = new Api(port);
        String run = UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("manager", "/api/districts", district("d-" + run, "s-1")).status()).isEqualTo(201);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String body = prospect("p-" + run + "-" + i, "d-" + run, "s-1", "sales1");
            items.add(item("/api/prospects", i < 2 ? body : body.replace("}", ",\"contactName\":\"Ms Li\"}")));
        }
        try (Connection holder = jdbc.getDataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (var hold = holder.prepareStatement("insert into personal_data_key (prospect_id, secret) values (?, ?)")) {
                hold.setString(1, "p-" + run + "-2");
                hold.setBytes(2, new byte[32]);
                hold.executeUpdate();
            }
            CompletableFuture<Api.Answer> answer = CompletableFuture.supplyAsync(
                    () -> api.post("sales1", "/api/batches", batch(items)));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()",
                    Long.class) > 0);
            assertThat(streams("prospect:p-" + run + "-%")).as("nothing visible before the batch commits").isZero();
            holder.rollback();
            Api.Answer done = answer.get(30, TimeUnit.SECONDS);
            assertThat(done.body().get("accepted").asInt()).as(done.body().toString()).isEqualTo(3);
        }
        assertThat(streams("prospect:p-" + run + "-%")).isEqualTo(3);
    }

    long streams(String pattern) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier like ?",
                Long.class, pattern);
    }

    /** A day of field work: 200 commands, over the 64 KiB a single command may carry, under the batch's 1 MiB. */
    @Test
    void two_hundred_prospects_in_one_request() {
        Api api = new Api(port);
        String run = UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("manager", "/api/districts", district("d-" + run, "s-1")).status()).isEqualTo(201);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(item("/api/prospects", prospect("p-" + run + "-" + i, "d-" + run, "s-1", "sales1")
                    .replace("}", ",\"contactName\":\"Contact number " + i + " of a long day in the field\"}")));
        }
        String body = batch(items);
        assertThat(body.length()).isGreaterThan(65_536);
        Api.Answer answer = api.post("sales1", "/api/batches", body);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(answer.body().get("accepted").asInt()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier like ?",
                Long.class, "prospect:p-" + run + "-%")).isEqualTo(200);
    }

    @Test
    void a_batch_must_hold_one_to_two_hundred_commands_and_only_command_roles_send_one() {
        Api api = new Api(port);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            many.add(item("/api/prospects", "{}"));
        }
        Api.Answer tooMany = api.post("manager", "/api/batches", batch(many));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().get("fields").toString()).contains("commands");
        assertThat(api.post("manager", "/api/batches", batch(List.of())).status()).isEqualTo(400);
        assertThat(api.post("manager", "/api/batches", "{\"commands\":[{\"path\":\"/elsewhere\",\"body\":{}}]}").status())
                .isEqualTo(400);
        assertThat(api.post("auditor", "/api/batches", batch(List.of(item("/api/prospects", "{}")))).status())
                .isEqualTo(403);
        // the worst bodies a command can carry: each its own 400, nothing written
        long before = events();
        Api.Answer invalid = api.post("manager", "/api/batches", batch(List.of(item("/api/prospects", "{}"),
                item("/api/prospects", "null"), item("/api/prospects", "[1,2]"), item("/api/prospects", "\"text\""),
                item("/api/prospects", "{\"prospectId\":\"nul\\u0000\"}"),
                item("/api/prospects", prospect("far-away", "d-x", "s-1", "manager")
                        .replace("2026-03-01T01:30:00Z", "+1000000000-01-01T00:00:00Z")))));
        assertThat(invalid.status()).isEqualTo(200);
        List<Integer> statuses = new ArrayList<>();
        invalid.body().get("outcomes").forEach(o -> statuses.add(o.get("status").asInt()));
        assertThat(statuses).containsExactly(400, 400, 400, 400, 400, 400);
        assertThat(events()).isEqualTo(before);
        // duplicate keys in the batch itself are refused whole
        assertThat(api.post("manager", "/api/batches", "{\"commands\":[],\"commands\":[]}").status()).isEqualTo(400);
    }
}
