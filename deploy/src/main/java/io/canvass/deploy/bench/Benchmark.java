package io.canvass.deploy.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.canvass.deploy.RunScript;
import org.bson.Document;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How close Canvass runs to what this machine can do: each figure beside a baseline measured in
 * the same run on the same servers, as a ratio (BENCHMARKS.md). Starts Canvass with
 * {@code deploy/run.sh} on a fresh data folder and free ports, and stops it at the end.
 */
public final class Benchmark {

    private static final Pattern POSITION = Pattern.compile("\"position\":(-?\\d+)");

    /** @param events the store size for P3 and P4 (1,000,000 for the full run) */
    record Options(int clients, Duration duration, long events, int readers, Duration readDuration, Path script,
                   Path out, boolean progress, Duration warmup, int perDay, boolean httpFill, String queryHeap,
                   long contracts) {

        static Options parse(String... args) {
            int clients = 16;
            Duration duration = Duration.ofSeconds(15);
            long events = 20_000;
            long contracts = 0;
            int readers = 16;
            Duration readDuration = Duration.ofSeconds(10);
            Path script = Path.of("deploy", "run.sh");
            Path out = Path.of("benchmark.json");
            boolean progress = true;
            Duration warmup = Duration.ofSeconds(10);
            int perDay = 100;
            boolean httpFill = false;
            String queryHeap = "512m";
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--clients" -> clients = Integer.parseInt(args[++i]);
                    case "--seconds" -> duration = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--events" -> events = Long.parseLong(args[++i]);
                    case "--contracts" -> contracts = Long.parseLong(args[++i]);
                    case "--readers" -> readers = Integer.parseInt(args[++i]);
                    case "--read-seconds" -> readDuration = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--run-script" -> script = Path.of(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--no-progress" -> progress = false;
                    case "--warmup-seconds" -> warmup = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--per-day" -> perDay = Integer.parseInt(args[++i]);
                    case "--query-heap" -> queryHeap = args[++i];
                    case "--fill" -> httpFill = switch (args[++i]) {
                        case "http" -> true;
                        case "direct" -> false;
                        default -> throw new IllegalArgumentException("--fill is http or direct, not " + args[i]);
                    };
                    case "--help" -> throw new IllegalArgumentException("options: --events N (store size for P3/P4),"
                            + " --contracts N (instead: the store's filled contracts, 10 events each),"
                            + " --fill direct|http, --per-day N (contracts signed a day), --query-heap SIZE (the query"
                            + " side's -Xmx, which holds the embedded MongoDB), --clients N, --seconds N,"
                            + " --readers N, --read-seconds N, --warmup-seconds N, --out FILE, --no-progress");
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + " (options: --events, --contracts,"
                            + " --fill, --per-day, --query-heap, --clients, --seconds, --readers, --read-seconds, --warmup-seconds,"
                            + " --run-script, --out, --no-progress)");
                }
            }
            if (!queryHeap.matches("\\d+[mMgG]")) {
                throw new IllegalArgumentException("--query-heap is a size such as 512m or 3g, not " + queryHeap);
            }
            if (contracts < 0 || events < 0) {
                throw new IllegalArgumentException("--events and --contracts count up from 0");
            }
            if (contracts > 0 && httpFill) {
                throw new IllegalArgumentException("--contracts sizes the directly filled store; with --fill http use --events");
            }
            if (perDay < 1) {
                throw new IllegalArgumentException("--per-day must be at least 1");
            }
            return new Options(clients, duration, events, readers, readDuration, script.toAbsolutePath(), out, progress,
                    warmup, perDay, httpFill, queryHeap, contracts);
        }
    }

    private final Options options;
    private final RunScript canvass;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong nextContract = new AtomicLong();
    private final AtomicLong lastPosition = new AtomicLong(-1);
    private final AtomicLong refused = new AtomicLong();
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final Workload workload;
    private String[] dashboards;

    Benchmark(Options options, RunScript canvass, PrintStream out) {
        this.options = options;
        this.canvass = canvass;
        this.out = out;
        // every field day in the past: the HTTP phases' contracts first, then the filled store's
        this.workload = Workload.endingBefore(LocalDate.now(), (options.contracts() > 0 ? options.contracts()
                : options.events() / Workload.FILLED_EVENTS) + 20_000, options.perDay());
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("deploy/bench.sh: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path data = Files.createTempDirectory("canvass-bench");
        System.out.println("Starting Canvass on fresh embedded databases in " + data + " ...");
        try (RunScript canvass = RunScript.start(options.script(), data,
                Map.of("QUERY_JAVA_OPTS", "-Xmx" + options.queryHeap()))) {
            Map<String, Object> report = new Benchmark(options, canvass, System.out).measure();
            Files.writeString(options.out(), Json.write(report) + "\n");
            System.out.println("Report written to " + options.out().toAbsolutePath());
        }
    }

    /** Runs P1 to P5 and answers the report (also printed as a table). */
    Map<String, Object> measure() throws Exception {
        report.put("options", Map.of("clients", options.clients(), "seconds", options.duration().toSeconds(),
                "events", options.events(), "readers", options.readers(), "readSeconds", options.readDuration().toSeconds(),
                "perDay", options.perDay(), "fill", options.httpFill() ? "http" : "direct", "queryHeap", options.queryHeap(),
                "contracts", options.contracts()));
        report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version")));
        setUp();
        warmUp();
        p1Throughput();
        p2Lag();
        seed();
        p4Dashboards();
        p5Memory();
        p3Rebuild();
        report.put("refusedRequests", refused.get());
        table();
        return report;
    }

    // --- the workload: the field process over many contracts

    private void setUp() throws Exception {
        for (int d = 0; d < Workload.DISTRICTS; d++) {
            List<String> streets = new ArrayList<>();
            for (int s = 0; s < Workload.STREETS; s++) {
                streets.add(String.format("{\"streetId\":\"s%02d\",\"name\":\"Street %d\"}", s, s));
            }
            post("manager", "/api/districts", String.format(
                    "{\"districtId\":\"bd%d\",\"city\":\"Harbin\",\"name\":\"Bench %d\",\"streets\":[%s]}",
                    d, d, String.join(",", streets)));
        }
    }

    /** One contract's life: 5 commands, the mix of the field process. Answers the commands sent. */
    private int contract(long n, Runnable beforeEach, Sampler sampler) throws Exception {
        Workload.Contract contract = workload.contract(n);
        String[][] requests = workload.requests(contract);
        for (String[] request : requests) {
            beforeEach.run();
            long position = post(request[0], request[1], request[2]);
            sampler.sent(contract.district(), position);
        }
        return requests.length;
    }

    interface Sampler {
        Sampler NONE = (district, position) -> { };

        void sent(String district, long position) throws Exception;
    }

    /** Runs the workload from {@code workers} threads until {@code stop} says so; answers commands sent. */
    private long drive(int workers, BooleanSupplier stop, Runnable beforeEach, Sampler sampler) throws Exception {
        AtomicLong sent = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    while (!stop.getAsBoolean()) {
                        sent.addAndGet(contract(nextContract.getAndIncrement(), beforeEach, sampler));
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return sent.get();
    }

    /** A fresh JVM compiles its hot paths in the first seconds: measuring then would measure the JIT. */
    private void warmUp() throws Exception {
        out.printf("Warming up for %d s...%n", options.warmup().toSeconds());
        long deadline = System.nanoTime() + options.warmup().toNanos();
        long commands = drive(options.clients(), () -> System.nanoTime() > deadline, () -> { }, Sampler.NONE);
        report.put("warmupCommands", commands);
    }

    // --- P1: commands per second against durable single-row INSERTs

    private void p1Throughput() throws Exception {
        out.printf("P1: %d clients for %d s through HTTP...%n", options.clients(), options.duration().toSeconds());
        long started = System.nanoTime();
        long deadline = started + options.duration().toNanos();
        long commands = drive(options.clients(), () -> System.nanoTime() > deadline, () -> { }, Sampler.NONE);
        double perSecond = commands / seconds(System.nanoTime() - started);
        out.printf("P1: the same %d threads INSERT single rows with durable commits for %d s...%n", options.clients(),
                options.duration().toSeconds());
        double raw = rawInserts();
        report.put("P1", Map.of("commandsPerSecond", round(perSecond), "commands", commands,
                "rawInsertsPerSecond", round(raw), "ratio", round(perSecond / raw)));
    }

    private double rawInserts() throws Exception {
        String admin = "jdbc:postgresql://localhost:" + canvass.postgresPort + "/postgres";
        try (Connection connection = DriverManager.getConnection(admin, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists canvass_bench");
            statement.execute("create database canvass_bench");
        }
        String url = "jdbc:postgresql://localhost:" + canvass.postgresPort + "/canvass_bench";
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("create table raw_insert (id bigserial primary key, payload bytea not null)");
            ResultSet durable = statement.executeQuery("show synchronous_commit");
            durable.next();
            report.put("postgresSynchronousCommit", durable.getString(1));
        }
        byte[] payload = new byte[400]; // about the size of a stored event with its metadata
        AtomicLong rows = new AtomicLong();
        long started = System.nanoTime();
        long deadline = started + options.duration().toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(options.clients());
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < options.clients(); t++) {
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
        double perSecond = rows.get() / seconds(System.nanoTime() - started);
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + canvass.postgresPort + "/postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("drop database canvass_bench");
        }
        return perSecond;
    }

    // --- P2: from the 201 to the read model showing it, at half the P1 rate

    private void p2Lag() throws Exception {
        @SuppressWarnings("unchecked")
        double p1 = ((Number) ((Map<String, Object>) report.get("P1")).get("commandsPerSecond")).doubleValue();
        double rate = Math.max(1, p1 / 2);
        long interval = (long) (1_000_000_000L / rate);
        AtomicLong nextSlot = new AtomicLong(System.nanoTime());
        AtomicLong count = new AtomicLong();
        Stats lag = new Stats();
        out.printf("P2: about %.0f commands/s for %d s, timing every 10th until the read model shows it...%n", rate,
                options.duration().toSeconds());
        long deadline = System.nanoTime() + options.duration().toNanos();
        long sent = drive(options.clients(), () -> System.nanoTime() > deadline, () -> {
            long slot = nextSlot.getAndAdd(interval);
            long wait = slot - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, (district, position) -> {
            if (count.incrementAndGet() % 10 != 0) {
                return;
            }
            long started = System.nanoTime();
            String body = get("manager", "/api/coverage/districts/" + district + "?minPosition=" + position);
            if (!body.contains("\"stale\":false")) {
                throw new IllegalStateException("the read model did not reach " + position + " in time: " + body);
            }
            lag.add(System.nanoTime() - started);
        });
        report.put("P2", Map.of("targetCommandsPerSecond", round(rate), "commands", sent, "samples", lag.count(),
                "p50Millis", round(lag.percentile(50)), "p99Millis", round(lag.percentile(99))));
    }

    // --- the store for P3 and P4

    private void seed() throws Exception {
        long target = options.events();
        long started = System.nanoTime();
        long commands = 0;
        if (options.httpFill()) {
            out.printf("Filling the store to %d events through HTTP...%n", target);
            Thread progress = progress(() -> Math.max(0, lastPosition.get()), target);
            try {
                commands = drive(options.clients(), () -> lastPosition.get() >= target, () -> { }, Sampler.NONE);
            } finally {
                progress.interrupt();
                progress.join();
            }
        } else {
            long from = nextContract.get();
            long to = from + (options.contracts() > 0 ? options.contracts()
                    : Math.max(0, (target - lastPosition.get() + Workload.FILLED_EVENTS - 1) / Workload.FILLED_EVENTS));
            nextContract.set(to);
            out.printf("Filling the store: %d contracts of %d events written straight into the event table...%n",
                    to - from, Workload.FILLED_EVENTS);
            AtomicLong written = new AtomicLong();
            Thread progress = progress(written::get, (to - from) * Workload.FILLED_EVENTS);
            try {
                long head = new DirectFill(canvass.postgresPort, workload).fill(from, to, written::set);
                lastPosition.accumulateAndGet(head, Math::max);
            } finally {
                progress.interrupt();
                progress.join();
            }
            commands = written.get();
            if (to > from) {
                checkCommandSideReads(to - 1);
            }
        }
        double fillSeconds = seconds(System.nanoTime() - started);
        out.printf("Waiting for the query side to project the store (%d events)...%n", lastPosition.get());
        long projecting = System.nanoTime();
        awaitProjectionsShowingProgress();
        double catchUpSeconds = seconds(System.nanoTime() - projecting);
        checkQuerySideCounts();
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("events", lastPosition.get());
        store.put("contracts", nextContract.get());
        store.put("fill", options.httpFill() ? "http" : "direct");
        store.put(options.httpFill() ? "fillCommandsPerSecond" : "fillEventsPerSecond", round(commands / fillSeconds));
        store.put("querySideCaughtUpSeconds", round(catchUpSeconds));
        report.put("store", store);
        dashboards = dashboards();
    }

    /** The command side reads a filled contract: retrying its last command answers the filled event's position. */
    private void checkCommandSideReads(long n) throws Exception {
        Workload.Contract last = workload.filled(n);
        long position = post("installer", "/api/contracts/" + last.id() + "/balance-payments", DirectFill.lastRequest(last));
        if (position != lastPosition.get()) {
            throw new IllegalStateException("the command side did not read the filled store: a retried balance of "
                    + last.id() + " answered position " + position + ", its event is at " + lastPosition.get());
        }
    }

    /** The query side projected every contract of the store. */
    private void checkQuerySideCounts() throws Exception {
        Matcher counts = Pattern.compile("\"contracts\":(\\d+)").matcher(get("manager", "/api/coverage/districts?size=50"));
        long contracts = 0;
        while (counts.find()) {
            contracts += Long.parseLong(counts.group(1));
        }
        if (contracts != nextContract.get()) {
            throw new IllegalStateException("coverage counts " + contracts + " contracts, the store holds " + nextContract.get());
        }
    }

    /** The dashboards P4 reads: a month in the middle of the store, a salesperson of the workload. */
    private String[] dashboards() {
        LocalDate month = workload.day(nextContract.get() / 2).withDayOfMonth(1);
        LocalDate end = month.plusMonths(1).minusDays(1);
        return new String[] {
                "coverage", "/api/coverage/districts?size=50",
                "quota", "/api/quota/salespeople/" + Workload.salesperson(0) + "?from=" + month + "&to=" + end,
                "profit", "/api/profit/channels?from=" + month + "&to=" + end,
                "reconciliation", "/api/finance/reconciliation?asOf=" + end + "&size=50"};
    }

    // --- P4: dashboard queries under concurrent readers

    private void p4Dashboards() throws Exception {
        out.printf("P4: %d readers for %d s on %d events / %d contracts...%n", options.readers(),
                options.readDuration().toSeconds(), lastPosition.get(), nextContract.get());
        Map<String, Stats> byQuery = new LinkedHashMap<>();
        for (int q = 0; q < dashboards.length; q += 2) {
            byQuery.put(dashboards[q], new Stats());
        }
        Stats all = new Stats();
        long deadline = System.nanoTime() + options.readDuration().toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(options.readers());
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < options.readers(); r++) {
            int first = r;
            readers.add(pool.submit(() -> {
                for (int i = first; System.nanoTime() < deadline; i++) {
                    int q = (i % (dashboards.length / 2)) * 2;
                    long started = System.nanoTime();
                    get("manager", dashboards[q + 1]);
                    long took = System.nanoTime() - started;
                    byQuery.get(dashboards[q]).add(took);
                    all.add(took);
                }
                return null;
            }));
        }
        for (Future<?> reader : readers) {
            reader.get();
        }
        pool.shutdown();
        Map<String, Object> p4 = new LinkedHashMap<>();
        p4.put("requests", all.count());
        p4.put("p50Millis", round(all.percentile(50)));
        p4.put("p99Millis", round(all.percentile(99)));
        byQuery.forEach((name, stats) -> p4.put(name, Map.of("requests", stats.count(),
                "p50Millis", round(stats.percentile(50)), "p99Millis", round(stats.percentile(99)))));
        report.put("P4", p4);
    }

    // --- P5: resident memory of each app

    private void p5Memory() throws IOException {
        report.put("P5", Map.of("commandSideMegabytes", residentMegabytes(canvass.pid("command-side")),
                "querySideMegabytes", residentMegabytes(canvass.pid("query-side"))));
    }

    static long residentMegabytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    // --- P3: replaying every event into the read models against insertMany

    private void p3Rebuild() throws Exception {
        long events = lastPosition.get();
        out.printf("P3: rebuilding every read model from %d events...%n", events);
        long started = System.nanoTime();
        HttpResponse<String> rebuild = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + canvass.queryPort
                + "/api/admin/rebuild")).header("Authorization", basic("admin"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (rebuild.statusCode() != 202) {
            throw new IllegalStateException("rebuild -> " + rebuild.statusCode() + " " + rebuild.body());
        }
        Thread.sleep(200);
        awaitProjectionsShowingProgress();
        double perSecond = events / seconds(System.nanoTime() - started);
        out.printf("P3: insertMany of %d small documents into the same MongoDB...%n", events);
        double raw = rawInsertMany(events);
        report.put("P3", Map.of("events", events, "eventsPerSecond", round(perSecond),
                "rawInsertManyPerSecond", round(raw), "ratio", round(perSecond / raw)));
    }

    private double rawInsertMany(long documents) {
        try (MongoClient client = MongoClients.create("mongodb://localhost:" + canvass.mongoPort)) {
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
            double perSecond = documents / seconds(System.nanoTime() - started);
            client.getDatabase("canvass_bench").drop();
            return perSecond;
        }
    }

    private void awaitProjectionsShowingProgress() throws Exception {
        Thread progress = progress(() -> {
            try {
                Matcher position = POSITION.matcher(get("admin", "/api/admin/processors"));
                return position.find() ? Math.max(0, Long.parseLong(position.group(1))) : 0;
            } catch (Exception notYet) {
                return 0;
            }
        }, lastPosition.get());
        try {
            awaitProjections();
        } finally {
            progress.interrupt();
            progress.join();
        }
    }

    /** Waits until the query side is ready again (caught up) and reflects everything written. */
    private void awaitProjections() throws Exception {
        while (true) {
            String status = get("admin", "/api/admin/processors");
            Matcher position = POSITION.matcher(status);
            if (status.contains("\"caughtUp\":true") && position.find()
                    && Long.parseLong(position.group(1)) >= lastPosition.get()) {
                return;
            }
            Thread.sleep(50);
        }
    }

    // --- HTTP

    private long post(String user, String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + canvass.commandPort + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Authorization", basic(user))
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            refused.incrementAndGet();
            throw new IllegalStateException("POST " + path + " as " + user + " -> " + response.statusCode() + " "
                    + response.body());
        }
        Matcher position = POSITION.matcher(response.body());
        long at = position.find() ? Long.parseLong(position.group(1)) : -1;
        lastPosition.accumulateAndGet(at, Math::max);
        return at;
    }

    private String get(String user, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + canvass.queryPort + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", basic(user)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    // --- output

    private Thread progress(java.util.function.LongSupplier done, long total) {
        Thread thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    long count = Math.min(done.getAsLong(), total);
                    int filled = (int) (count * 40 / Math.max(1, total));
                    out.printf("\r[%s%s] %3d%% %d/%d events", "#".repeat(filled), " ".repeat(40 - filled),
                            count * 100 / Math.max(1, total), count, total);
                    out.flush();
                    Thread.sleep(500);
                }
            } catch (InterruptedException finished) {
                out.println();
            }
        }, "bench-progress");
        thread.setDaemon(true);
        if (options.progress()) {
            thread.start();
        }
        return thread;
    }

    @SuppressWarnings("unchecked")
    private void table() {
        Map<String, Object> p1 = (Map<String, Object>) report.get("P1");
        Map<String, Object> p2 = (Map<String, Object>) report.get("P2");
        Map<String, Object> p3 = (Map<String, Object>) report.get("P3");
        Map<String, Object> p4 = (Map<String, Object>) report.get("P4");
        Map<String, Object> p5 = (Map<String, Object>) report.get("P5");
        out.println();
        out.println("| id | measure | Canvass | baseline in the same run | ratio |");
        out.println("|---|---|---|---|---|");
        out.printf(Locale.ROOT, "| P1 | commands/s, HTTP, %d clients, 5-command mix | %s | %s durable single-row INSERTs/s | %s |%n",
                options.clients(), p1.get("commandsPerSecond"), p1.get("rawInsertsPerSecond"), p1.get("ratio"));
        out.printf(Locale.ROOT, "| P2 | projection lag p50 / p99 (ms), at %s commands/s | %s / %s | - | - |%n",
                p2.get("targetCommandsPerSecond"), p2.get("p50Millis"), p2.get("p99Millis"));
        Map<String, Object> store = (Map<String, Object>) report.get("store");
        out.printf(Locale.ROOT, "| store | %s events, %s contracts, filled %s; query side caught up in (s) | %s | - | - |%n",
                store.get("events"), store.get("contracts"), store.get("fill"), store.get("querySideCaughtUpSeconds"));
        out.printf(Locale.ROOT, "| P3 | rebuild, events/s replayed (%s events) | %s | %s insertMany docs/s | %s |%n",
                p3.get("events"), p3.get("eventsPerSecond"), p3.get("rawInsertManyPerSecond"), p3.get("ratio"));
        out.printf(Locale.ROOT, "| P4 | dashboards p50 / p99 (ms), %d readers, %s events | %s / %s | - | - |%n",
                options.readers(), ((Map<String, Object>) report.get("store")).get("events"), p4.get("p50Millis"),
                p4.get("p99Millis"));
        for (int q = 0; q < dashboards.length; q += 2) {
            Map<String, Object> query = (Map<String, Object>) p4.get(dashboards[q]);
            out.printf(Locale.ROOT, "| P4 | - %s p50 / p99 (ms) | %s / %s | - | - |%n", dashboards[q],
                    query.get("p50Millis"), query.get("p99Millis"));
        }
        out.printf(Locale.ROOT, "| P5 | resident memory, command side / query side (MB) | %s / %s | - | - |%n",
                p5.get("commandSideMegabytes"), p5.get("querySideMegabytes"));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double round(double value) {
        return Double.isNaN(value) ? -1 : Math.round(value * 1000) / 1000.0;
    }
}
