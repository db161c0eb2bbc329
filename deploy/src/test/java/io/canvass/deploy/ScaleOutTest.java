package io.canvass.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Canvass scaled out (issue 11): a second command side on the first one's PostgreSQL and a second
 * query side on the first one's MongoDB, 16 clients spread over both command sides, and deposits
 * on one contract sent to both at once. No acknowledged command is lost or written twice, the
 * contended deposits are each 201 or 409 and never over-collect, and both query sides answer the
 * same figures, which a fresh rebuild also gives.
 */
class ScaleOutTest {

    static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** An app started with java -jar, its output in a file, stopped as a supervisor would (SIGTERM). */
    record App(Process process, Path log, int port) implements AutoCloseable {

        static App start(String module, Path data, int port, String... arguments) throws IOException {
            Path jar;
            try (var jars = Files.list(Path.of("..", module, "target"))) {
                jar = jars.filter(path -> path.getFileName().toString().endsWith("-exec.jar")).findFirst().orElseThrow();
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
                    "--canvass.security.demo-users=true"));
            command.addAll(List.of(arguments));
            Path log = data.resolve(module + "-2.log");
            return new App(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(), log, port);
        }

        void awaitReady() {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("stopped while starting:\n" + Files.readString(log));
                }
                try {
                    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                            .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            });
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    static Canvass.Answer post(int port, String user, String path, String body) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":demo").getBytes()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        } catch (IOException notJson) {
            // leave null
        }
        return new Canvass.Answer(response.statusCode(), response.body(), json);
    }

    static JsonNode figures(int port, String user, String path) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":demo").getBytes()))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        com.fasterxml.jackson.databind.node.ObjectNode json =
                (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        json.remove(List.of("asOf", "stale"));
        return json;
    }

    static List<JsonNode> dashboards(int queryPort) throws Exception {
        return List.of(figures(queryPort, "finance", "/api/finance/reconciliation?asOf=2026-03-31&size=500"),
                figures(queryPort, "finance", "/api/profit/channels?from=2026-03-01&to=2026-03-31"),
                figures(queryPort, "manager", "/api/coverage/districts/R"),
                figures(queryPort, "manager", "/api/quota/daily?date=2026-03-02"));
    }

    static void awaitCaughtUp(int queryPort, long position) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + queryPort
                            + "/api/coverage/districts/R?minPosition=" + position))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("manager:demo".getBytes()))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && answer.body().contains("\"stale\":false");
        });
    }

    @Test
    void two_command_sides_and_two_query_sides_agree_and_lose_nothing() throws Exception {
        Path data = Files.createTempDirectory("canvass-scale");
        try (Canvass canvass = Canvass.start(data);
             App commandB = App.start("command-side", data, freePort(),
                     "--spring.datasource.url=jdbc:postgresql://localhost:" + canvass.run.postgresPort + "/canvass",
                     "--spring.datasource.username=canvass_app", "--spring.datasource.password=canvass_app",
                     "--spring.flyway.user=postgres", "--spring.flyway.password=",
                     "--canvass.audit.signing-key-file=" + data.resolve("audit-signing-key.pem"));
             App queryB = App.start("query-side", data, freePort(),
                     "--spring.data.mongodb.uri=mongodb://localhost:" + canvass.run.mongoPort + "/canvass",
                     "--canvass.embedded-postgres.port=" + canvass.run.postgresPort)) {
            commandB.awaitReady();
            queryB.awaitReady();
            int[] commandSides = {canvass.commandPort, commandB.port()};
            ResilienceTest.plan(canvass);
            assertThat(post(commandB.port(), "manager", "/api/prospects",
                    EndToEndTest.prospect("shared-p", "HAIR_SALON", "R", "r0", "sales1")).status()).isEqualTo(201);
            assertThat(post(canvass.commandPort, "manager", "/api/contracts", EndToEndTest.contract("shared", "shared-p",
                    "sales1", "SALE", 10, "100.00", "1000.00", "2026-03-02T02:00:00Z")).status()).isEqualTo(201);

            List<ResilienceTest.Acknowledged> acknowledged = Collections.synchronizedList(new ArrayList<>());
            Map<Integer, AtomicInteger> deposits = new ConcurrentHashMap<>();
            List<String> broken = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(ResilienceTest.CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < ResilienceTest.CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    for (int n = 0; n < 12; n++) {
                        int port = commandSides[(client + n) % 2];
                        String prospect = "s-p" + client + "-" + n;
                        String[][] requests = {
                                {"/api/prospects", EndToEndTest.prospect(prospect, "HAIR_SALON", "R", "r" + (n % 3),
                                        "sales" + (1 + client % 3))},
                                {"/api/contracts", EndToEndTest.contract("s-c" + client + "-" + n, prospect,
                                        "sales" + (1 + client % 3), "SALE", 1, "100.00", "0.00", "2026-03-02T02:00:00Z")}};
                        for (String[] request : requests) {
                            Canvass.Answer answer = post(port, "manager", request[0], request[1]);
                            if (answer.status() == 201) {
                                acknowledged.add(new ResilienceTest.Acknowledged("manager", request[0], request[1],
                                        answer.json().get("version").asLong(), answer.json().get("position").asLong()));
                            } else {
                                broken.add(request[0] + " -> " + answer.status() + " " + answer.text());
                            }
                        }
                        // the same contract from both command sides at once: 201 or 409, never more than required
                        Canvass.Answer deposit = post(port, "finance", "/api/contracts/shared/deposits",
                                EndToEndTest.payment("dep-" + client + "-" + n, "100.00", "2026-03-02T03:00:00Z"));
                        deposits.computeIfAbsent(deposit.status(), status -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
            pool.shutdown();
            assertThat(broken).as("commands of their own refused").isEmpty();
            assertThat(deposits.keySet()).as("contended deposits: " + deposits).isSubsetOf(201, 409);
            assertThat(deposits.get(201)).hasValue(10);

            for (ResilienceTest.Acknowledged sent : acknowledged) {
                Canvass.Answer again = post(commandSides[(int) (sent.position() % 2)], sent.user(), sent.path(), sent.body());
                assertThat(again.status()).isEqualTo(201);
                assertThat(again.json().get("position").asLong()).as(sent.body()).isEqualTo(sent.position());
            }
            ResilienceTest.noStreamHasASecondEvent(canvass.run.postgresPort, "s-");

            long head = head(canvass.run.postgresPort);
            // two command sides appended in parallel, one sealed: the chain holds every event, in order
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> sealedHead(canvass.run.postgresPort) >= head);
            JsonNode verified = figures(canvass.queryPort, "auditor", "/api/audit/verify");
            assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
            assertThat(verified.get("headPosition").asLong()).isGreaterThanOrEqualTo(head);
            awaitCaughtUp(canvass.queryPort, head);
            awaitCaughtUp(queryB.port(), head);
            List<JsonNode> first = dashboards(canvass.queryPort);
            assertThat(dashboards(queryB.port())).isEqualTo(first);
            JsonNode shared = first.get(0).get("contracts");
            assertThat(shared.toString()).contains("\"contractId\":\"shared\"");
            for (JsonNode line : shared) {
                if (line.get("contractId").asText().equals("shared")) {
                    assertThat(new BigDecimal(line.get("depositCollected").asText())).isEqualByComparingTo("1000.00");
                }
            }

            queryB.close();
            canvass.rebuildAndWait();
            awaitCaughtUp(canvass.queryPort, head);
            assertThat(dashboards(canvass.queryPort)).as("a fresh rebuild gives the same").isEqualTo(first);
        }
    }

    /** The last position written, as the event table says. */
    static long head(int postgresPort) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + postgresPort + "/canvass",
                "postgres", ""); var statement = connection.createStatement();
             var result = statement.executeQuery("select max(global_index) from domain_event_entry")) {
            result.next();
            return result.getLong(1);
        }
    }

    /** The last position sealed into the audit chain. */
    static long sealedHead(int postgresPort) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + postgresPort + "/canvass",
                "postgres", ""); var statement = connection.createStatement();
             var result = statement.executeQuery("select coalesce(max(global_index), -1) from event_chain")) {
            result.next();
            return result.getLong(1);
        }
    }

    static int freePort() throws IOException {
        return io.canvass.deploy.RunScript.freePort();
    }
}
