package io.canvass.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.canvass.deploy.importer.Importer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code deploy/import.sh} against a stand-in for the command side's batch endpoint (no system
 * started: milliseconds): the order and logins of its batches, the report, and resuming after the
 * command side stopped answering in the middle, with each command stored once. The import into a
 * real Canvass is {@code DemoCampaignTest}'s.
 */
class ImporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    HttpServer server;
    /** What the stand-in stored: each command's path and id, once, with its position. */
    final Map<String, Integer> stored = new LinkedHashMap<>();
    final List<String> batches = new ArrayList<>();
    /** The batch (counted from 1) from which the stand-in stores but then answers 503, until reset to 0. */
    final AtomicInteger failFrom = new AtomicInteger();
    Path dir;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("canvass-importer");
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/api/batches", exchange -> {
            String user = new String(Base64.getDecoder().decode(exchange.getRequestHeaders().getFirst("Authorization")
                    .substring("Basic ".length())), StandardCharsets.UTF_8).split(":")[0];
            JsonNode commands = JSON.readTree(exchange.getRequestBody()).get("commands");
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode outcomes = answer.putArray("outcomes");
            List<String> paths = new ArrayList<>();
            synchronized (stored) {
                batches.add(user);
                for (JsonNode command : commands) {
                    String path = command.get("path").asText();
                    paths.add(path);
                    JsonNode body = command.get("body");
                    ObjectNode outcome = outcomes.addObject();
                    if (body.path("amount").asText().startsWith("-")) {
                        outcome.put("status", 400).putObject("body").put("detail", "the amount must be positive")
                                .putObject("fields").put("amount", "must be more than 0.00");
                        continue;
                    }
                    String id = path + " " + body.fields().next().getValue().asText();
                    Integer position = stored.computeIfAbsent(id, key -> stored.size());
                    outcome.put("status", 201).putObject("body").put("position", position);
                }
            }
            boolean fail = failFrom.get() > 0 && batches.size() >= failFrom.get();
            byte[] body = (fail ? "{}" : answer.toString()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Files.write(dir.resolve("prospects.csv"), lines("prospect_id,channel,business_name,district_id,street_id,address,"
                + "salesperson_id,occurred_at", 250, i -> "p" + i + ",HAIR_SALON,\"Shop, " + i + "\",d,s1,1 Road,sales1,"
                + day(i) + "T02:00:00Z"));
        Files.write(dir.resolve("contracts.csv"), lines("contract_id,prospect_id,salesperson_id,kind,units,unit_price,"
                + "deposit_required,occurred_at", 250, i -> "c" + i + ",p" + i + ",sales1,SALE,1,100.00,50.00," + day(i)
                + "T03:00:00Z"));
        Files.write(dir.resolve("payments.csv"), lines("contract_id,payment_id,type,amount,method,receipt_no,occurred_at",
                250, i -> "c" + i + ",pay" + i + "," + (i % 2 == 0 ? "DEPOSIT" : "BALANCE") + "," + (i == 7 ? "-5.00" : "50.00")
                        + ",CASH,R" + i + "," + (i == 9 ? "later" : day(i) + "T04:00:00Z")));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String day(int i) {
        return java.time.LocalDate.parse("2025-03-03").plusDays(i / 25).toString();
    }

    private static List<String> lines(String header, int count, java.util.function.IntFunction<String> line) {
        List<String> lines = new ArrayList<>(List.of(header));
        for (int i = 0; i < count; i++) {
            lines.add(line.apply(i));
        }
        return lines;
    }

    private Importer.Result importAll(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--dir", dir.toString(), "--command-url",
                "http://localhost:" + server.getAddress().getPort(), "--no-progress", "--give-up-after", "PT1S"));
        args.addAll(List.of(extra));
        return Importer.run("secret", args.toArray(String[]::new));
    }

    @Test
    void batches_go_stage_by_stage_as_each_stages_login_and_refused_lines_are_reported() throws Exception {
        Importer.Result result = importAll();
        assertThat(result.lines()).isEqualTo(750);
        assertThat(result.refused()).isEqualTo(2);
        assertThat(stored).hasSize(748);
        // 10 days (03-03 to 03-12) in windows of 7 days (from a Thursday: 03-03 to 03-05, 03-06 to 03-12):
        // each window's prospects and contracts as the manager (up to 200 a batch), then its payments as finance
        assertThat(batches).containsExactly("manager", "finance", "manager", "manager", "finance");
        List<String> report = Files.readAllLines(dir.resolve("import-refused.csv"));
        assertThat(report).containsExactly("file,line,status,reason",
                "payments.csv,11,-,\"occurred_at: must be an ISO-8601 UTC time, such as 2026-03-02T02:00:00Z\"",
                "payments.csv,9,400,\"the amount must be positive {\"\"amount\"\":\"\"must be more than 0.00\"\"}\"");
        List<String> ids = new ArrayList<>(stored.keySet());
        assertThat(ids.indexOf("/api/contracts c3")).isGreaterThan(ids.indexOf("/api/prospects p3"));
        assertThat(ids.indexOf("/api/contracts/c3/balance-payments pay3"))
                .isGreaterThan(ids.indexOf("/api/contracts/c2/deposits pay2"));
    }

    @Test
    void an_import_that_stopped_midway_goes_on_from_there_and_stores_nothing_twice() throws Exception {
        failFrom.set(3); // the third batch is stored, and then the command side answers no more
        assertThatThrownBy(this::importAll).hasMessageContaining("giving up").hasMessageContaining("run the import again");
        int sentBefore = batches.size();
        failFrom.set(0);
        Importer.Result resumed = importAll();
        assertThat(batches.size() - sentBefore).as("from the unanswered batch on, not from the first")
                .isEqualTo(5 - 2);
        assertThat(stored).hasSize(748);
        assertThat(resumed.refused()).isEqualTo(2);
        assertThat(Files.readAllLines(dir.resolve("import-refused.csv"))).hasSize(3);

        int sent = batches.size();
        Importer.Result again = importAll("--again");
        assertThat(batches.size() - sent).isEqualTo(5);
        assertThat(stored).as("sent again: answered as the first time, nothing new").hasSize(748);
        assertThat(again.accepted()).isEqualTo(748);
        assertThat(importAll()).as("finished: nothing left to send").isEqualTo(again);
        assertThat(batches).hasSize(sent + 5);
    }
}
