package io.canvass.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Canvass killed under load (issue 11): 16 clients write while the command side, then the query
 * side, is killed with {@code kill -9}; after run.sh starts it again, every acknowledged command is
 * in the event table exactly once (its retry answers the same version and position), and the
 * dashboards equal a fresh rebuild's.
 */
class ResilienceTest {

    static final int CLIENTS = 16;

    /** A command that was acknowledged: what was sent, and what it answered. */
    record Acknowledged(String user, String path, String body, long version, long position) {
    }

    /** Sends commands from 16 clients until stopped, keeping each acknowledged one; refusals and errors are counted out. */
    static final class Load implements AutoCloseable {
        final List<Acknowledged> acknowledged = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean stop = new AtomicBoolean();
        final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        final List<Future<?>> clients = new ArrayList<>();

        Load(IntFunction<Canvass> target, String tag) {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        Canvass canvass = target.apply(client);
                        String prospect = tag + "-p" + client + "-" + n;
                        String contract = tag + "-c" + client + "-" + n;
                        if (!send(canvass, "manager", "/api/prospects", EndToEndTest.prospect(prospect, "HAIR_SALON", "R",
                                "r" + (n % 3), "sales" + (1 + client % 3)))) {
                            continue;
                        }
                        send(canvass, "manager", "/api/contracts", EndToEndTest.contract(contract, prospect,
                                "sales" + (1 + client % 3), "SALE", 1, "100.00", "0.00", "2026-03-02T02:00:00Z"));
                    }
                    return null;
                }));
            }
        }

        boolean send(Canvass canvass, String user, String path, String body) {
            try {
                Canvass.Answer answer = canvass.command(user, path, body);
                if (answer.status() == 201) {
                    acknowledged.add(new Acknowledged(user, path, body, answer.json().get("version").asLong(),
                            answer.json().get("position").asLong()));
                    return true;
                }
            } catch (RuntimeException killedMidway) {
                // the app is gone: this request has no answer, so it may or may not be recorded
            }
            return false;
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            for (Future<?> client : clients) {
                client.get();
            }
            pool.shutdown();
        }
    }

    static void plan(Canvass canvass) {
        assertThat(canvass.command("manager", "/api/districts", EndToEndTest.district("R", "Resilience", "r0", "r1", "r2"))
                .status()).isIn(200, 201);
    }

    /** Every acknowledged command, sent again, answers the same: it is in the store, once. */
    static void everyAcknowledgedCommandIsStoredOnce(Canvass canvass, List<Acknowledged> acknowledged) {
        List<String> wrong = new ArrayList<>();
        for (Acknowledged sent : acknowledged) {
            Canvass.Answer again = canvass.command(sent.user(), sent.path(), sent.body());
            if (again.status() != 201 || again.json().get("version").asLong() != sent.version()
                    || again.json().get("position").asLong() != sent.position()) {
                wrong.add(sent.path() + " " + sent.body() + " -> " + again.status() + " " + again.text());
            }
        }
        assertThat(wrong).as("acknowledged commands lost or written twice").isEmpty();
    }

    /** The prospects' and contracts' streams (ids starting with the prefix) each hold the one event that created them. */
    static void noStreamHasASecondEvent(int postgresPort, String prefix) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + postgresPort + "/canvass",
                "postgres", ""); Statement statement = connection.createStatement()) {
            ResultSet duplicates = statement.executeQuery("select count(*) from domain_event_entry where sequence_number > 0"
                    + " and (aggregate_identifier like 'prospect:" + prefix + "%' or aggregate_identifier like 'contract:"
                    + prefix + "%')");
            duplicates.next();
            assertThat(duplicates.getLong(1)).isZero();
        }
    }

    static void kill(long pid) throws Exception {
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        await().atMost(Duration.ofSeconds(30)).until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    static JsonNode read(Canvass canvass, String path) {
        Canvass.Answer answer = canvass.query("finance", path);
        assertThat(answer.status()).as(path + " " + answer.text()).isEqualTo(200);
        return answer.json();
    }

    /** The figures of the dashboards, without the freshness stamps that differ between two reads. */
    static List<JsonNode> dashboards(Canvass canvass) {
        List<JsonNode> figures = new ArrayList<>();
        for (String path : List.of("/api/finance/reconciliation?asOf=2026-03-31&size=500",
                "/api/profit/channels?from=2026-03-01&to=2026-03-31")) {
            JsonNode answer = read(canvass, path).deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) answer).remove(List.of("asOf", "stale"));
            figures.add(answer);
        }
        Canvass.Answer coverage = canvass.query("manager", "/api/coverage/districts/R");
        JsonNode district = coverage.json().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) district).remove(List.of("asOf", "stale"));
        figures.add(district);
        return figures;
    }

    static void awaitCaughtUp(Canvass canvass, long position) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Canvass.Answer answer = canvass.query("manager", "/api/coverage/districts/R?minPosition=" + position);
            return answer.status() == 200 && !answer.json().get("stale").asBoolean();
        });
    }

    /**
     * 16 clients write for a while, then the app is killed with kill -9 and they go on a moment;
     * answers what was acknowledged. run.sh notices the app is gone and stops Canvass.
     */
    static List<Acknowledged> killUnderLoad(Canvass canvass, String app, String tag, long writeMillis) throws Exception {
        Load load = new Load(client -> canvass, tag);
        try {
            Thread.sleep(writeMillis);
            kill(canvass.run.pid(app));
            Thread.sleep(500);
        } finally {
            load.close();
        }
        canvass.awaitLog("Stopped.", Duration.ofMinutes(2));
        // every client has stopped: all that was acknowledged is here
        return new ArrayList<>(load.acknowledged);
    }

    /**
     * A batch is one transaction (docs/batches.md): the command side is killed while a batch of 200
     * is being handled (its transaction open and written to, seen in pg_stat_activity); after the
     * restart nothing of it is stored, sending it again stores each command once, and a third time
     * answers the same. Answers the restarted Canvass.
     */
    static Canvass killedMidBatchNothingIsStoredAndTheRetryStoresItOnce(Canvass canvass) throws Exception {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add("{\"path\":\"/api/prospects\",\"body\":" + EndToEndTest.prospect("b-p" + i, "HAIR_SALON", "R",
                    "r" + (i % 3), "sales1") + "}");
        }
        String batch = "{\"commands\":[" + String.join(",", items) + "]}";
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (Connection postgres = superuser(canvass.run.postgresPort); Statement statement = postgres.createStatement()) {
            Future<Canvass.Answer> sent = client.submit(() -> canvass.command("manager", "/api/batches", batch));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
                ResultSet open = statement.executeQuery("select count(*) from pg_stat_activity where usename = 'canvass_app'"
                        + " and backend_xid is not null and now() - xact_start > interval '100 milliseconds'");
                open.next();
                return open.getLong(1) > 0;
            });
            kill(canvass.run.pid("command-side"));
            assertThat(catching(sent)).as("the batch had no answer: the command side died in its middle").isNull();
        } finally {
            client.shutdownNow();
        }
        canvass.awaitLog("Stopped.", Duration.ofMinutes(2));
        Canvass restarted = canvass.restart();
        assertThat(storedStreams(restarted.run.postgresPort, "prospect:b-%")).as("nothing of the batch").isZero();
        Canvass.Answer first = restarted.command("manager", "/api/batches", batch);
        assertThat(first.json().get("accepted").asInt()).as(first.text()).isEqualTo(200);
        Canvass.Answer again = restarted.command("manager", "/api/batches", batch);
        assertThat(positions(again)).isEqualTo(positions(first)).doesNotContainNull();
        assertThat(storedStreams(restarted.run.postgresPort, "prospect:b-%")).isEqualTo(200);
        noStreamHasASecondEvent(restarted.run.postgresPort, "b-");
        return restarted;
    }

    /** Each outcome's status and position, in order. */
    private static List<String> positions(Canvass.Answer batch) {
        List<String> positions = new ArrayList<>();
        batch.json().get("outcomes").forEach(o -> positions.add(o.get("status").asInt() + "@" + o.get("body").get("position")));
        return positions;
    }

    private static Canvass.Answer catching(Future<Canvass.Answer> sent) throws InterruptedException {
        try {
            return sent.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException noAnswer) {
            return null;
        }
    }

    static Connection superuser(int postgresPort) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + postgresPort + "/canvass", "postgres", "");
    }

    static long storedEvents(int postgresPort) throws Exception {
        try (Connection connection = superuser(postgresPort); Statement statement = connection.createStatement()) {
            ResultSet rows = statement.executeQuery("select count(*) from domain_event_entry");
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * The events stored but those the command side's deadlines record by themselves when they fall due
     * (flags and their clearing, a campaign's end): what clients sent, which a deadline firing in
     * between cannot change.
     */
    static long storedEventsSent(int postgresPort) throws Exception {
        try (Connection connection = superuser(postgresPort); Statement statement = connection.createStatement()) {
            ResultSet rows = statement.executeQuery("select count(*) from domain_event_entry where payload_type"
                    + " !~ '(BalanceBecameOverdue|BalanceOverdueCleared|DepositBecameIdle|DepositIdleCleared"
                    + "|SettlementFlagRaised|SettlementFlagCleared|CampaignEnded)$'");
            rows.next();
            return rows.getLong(1);
        }
    }

    static long storedStreams(int postgresPort, String pattern) throws Exception {
        try (Connection connection = superuser(postgresPort);
             var count = connection.prepareStatement("select count(distinct aggregate_identifier) from domain_event_entry"
                     + " where aggregate_identifier like ?")) {
            count.setString(1, pattern);
            ResultSet rows = count.executeQuery();
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void killed_under_load_nothing_acknowledged_is_lost_or_doubled_and_the_dashboards_equal_a_rebuild() throws Exception {
        Path data = Files.createTempDirectory("canvass-kill");
        Canvass canvass = Canvass.start(data);
        List<Acknowledged> acknowledged = new ArrayList<>();
        try {
            plan(canvass);
            acknowledged.addAll(killUnderLoad(canvass, "command-side", "k", 3_000));
            assertThat(acknowledged).as("the clients got answers before the kill").hasSizeGreaterThan(CLIENTS);
            canvass = canvass.restart();
            everyAcknowledgedCommandIsStoredOnce(canvass, acknowledged);
            noStreamHasASecondEvent(canvass.run.postgresPort, "k-");
            System.out.println("command side killed: " + acknowledged.size() + " acknowledged commands, all found once");
            canvass = killedMidBatchNothingIsStoredAndTheRetryStoresItOnce(canvass);

            // now the query side, killed while 16 clients write
            acknowledged.addAll(killUnderLoad(canvass, "query-side", "q", 2_000));
            canvass = canvass.restart();
            everyAcknowledgedCommandIsStoredOnce(canvass, acknowledged);
            long head = acknowledged.stream().mapToLong(Acknowledged::position).max().orElseThrow();
            awaitCaughtUp(canvass, head);
            List<JsonNode> projected = dashboards(canvass);
            canvass.rebuildAndWait();
            awaitCaughtUp(canvass, head);
            assertThat(dashboards(canvass)).isEqualTo(projected);
        } finally {
            canvass.close();
        }
    }
}
