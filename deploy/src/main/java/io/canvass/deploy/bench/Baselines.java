package io.canvass.deploy.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this machine does without Canvass, on the same servers in the same run: durable
 * single-row INSERTs into the same PostgreSQL, insertMany into the same MongoDB, and the resident
 * memory of a process.
 */
final class Baselines {

    /** Durable INSERTs per second, and the {@code synchronous_commit} they ran with. */
    record Inserts(double perSecond, String synchronousCommit) {
    }

    private Baselines() {
    }

    /** {@code clients} threads INSERT single rows with a commit each, for {@code duration}, into a scratch database. */
    static Inserts durableInserts(int postgresPort, int clients, Duration duration) throws Exception {
        String admin = "jdbc:postgresql://localhost:" + postgresPort + "/postgres";
        try (Connection connection = DriverManager.getConnection(admin, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists canvass_bench");
            statement.execute("create database canvass_bench");
        }
        String url = "jdbc:postgresql://localhost:" + postgresPort + "/canvass_bench";
        String synchronousCommit;
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("create table raw_insert (id bigserial primary key, payload bytea not null)");
            ResultSet durable = statement.executeQuery("show synchronous_commit");
            durable.next();
            synchronousCommit = durable.getString(1);
        }
        byte[] payload = new byte[400]; // about the size of a stored event with its metadata
        AtomicLong rows = new AtomicLong();
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            threads.add(pool.submit(() -> {
                try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                     PreparedStatement insert = connection.prepareStatement("insert into raw_insert (payload) values (?)")) {
                    connection.setAutoCommit(true);
                    while (System.nanoTime() < deadline) {
                        insert.setBytes(1, payload);
                        insert.executeUpdate();
                        rows.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> thread : threads) {
            thread.get();
        }
        pool.shutdown();
        double perSecond = rows.get() / Report.seconds(System.nanoTime() - started);
        try (Connection connection = DriverManager.getConnection(admin, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("drop database canvass_bench");
        }
        return new Inserts(perSecond, synchronousCommit);
    }

    /** The table the command side's framework baseline writes to (canvass.bench.baseline-table). */
    static final String HTTP_BASELINE_TABLE = "bench_http_baseline";

    /**
     * Requests per second to the command side's framework baseline ({@code POST /api/bench/baseline}:
     * the same HTTP stack as a command, one durable INSERT), {@code clients} threads for {@code duration}.
     * The table is made here, in the command side's database, as the superuser, for its login to write.
     */
    static double frameworkInserts(int postgresPort, BenchClient client, int clients, Duration duration)
            throws Exception {
        String url = "jdbc:postgresql://localhost:" + postgresPort + "/canvass";
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("drop table if exists " + HTTP_BASELINE_TABLE);
            statement.execute("create table " + HTTP_BASELINE_TABLE + " (id bigserial primary key, row_id text not null,"
                    + " body text not null)");
            statement.execute("grant select, insert on " + HTTP_BASELINE_TABLE + " to canvass_event_writer");
            statement.execute("grant usage on sequence " + HTTP_BASELINE_TABLE + "_id_seq to canvass_event_writer");
        }
        // a body the size of a signing's
        String body = "{\"prospectId\":\"bench-p\",\"salespersonId\":\"sales1\",\"kind\":\"SALE\",\"units\":2,"
                + "\"unitPrice\":\"1280.00\",\"depositRequired\":\"760.00\",\"occurredAt\":\"2026-03-02T02:00:00Z\"}";
        AtomicLong rows = new AtomicLong();
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            int thread = t;
            threads.add(pool.submit(() -> {
                long n = 0;
                while (System.nanoTime() < deadline) {
                    String id = "b" + thread + "-" + n++;
                    client.baseline("manager", "{\"id\":\"" + id + "\",\"body\":" + quote(body) + "}");
                    rows.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> thread : threads) {
            thread.get();
        }
        pool.shutdown();
        return rows.get() / Report.seconds(System.nanoTime() - started);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Small documents per second through insertMany (1,000 a request) into a scratch database. */
    static double insertMany(int mongoPort, long documents) {
        try (MongoClient client = MongoClients.create("mongodb://localhost:" + mongoPort)) {
            MongoCollection<Document> raw = client.getDatabase("canvass_bench").getCollection("raw");
            raw.drop();
            long started = System.nanoTime();
            List<Document> batch = new ArrayList<>(1000);
            for (long i = 0; i < documents; i++) {
                batch.add(new Document("_id", i).append("contract", "b" + i).append("units", (int) (i % 3)));
                if (batch.size() == 1000) {
                    raw.insertMany(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                raw.insertMany(batch);
            }
            double perSecond = documents / Report.seconds(System.nanoTime() - started);
            client.getDatabase("canvass_bench").drop();
            return perSecond;
        }
    }

    /** A process's resident memory (VmRSS) in MB, or -1 when it cannot be read. */
    /**
     * The live heap of a JVM: its heap in use right after a full collection ({@code jcmd GC.run},
     * then {@code GC.heap_info}), what it holds on to, as opposed to resident memory (which counts
     * what the JVM reserved and garbage not yet collected). -1 if the JVM would not say.
     */
    static long liveHeapMegabytes(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        jcmd(jcmd, pid, "GC.run");
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("heap\\s+total \\d+K, used (\\d+)K")
                .matcher(jcmd(jcmd, pid, "GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) / 1024 : -1;
    }

    private static String jcmd(Path jcmd, long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    static long residentMegabytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
