package io.canvass.deploy.bench;

import io.canvass.deploy.RunScript;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How close Canvass runs to what this machine can do: each figure beside a baseline measured in
 * the same run on the same servers, as a ratio (BENCHMARKS.md). Starts Canvass with
 * {@code deploy/run.sh} on a fresh data folder and free ports, and stops it at the end. The
 * phases are here; the options ({@link Options}), the load ({@link Driver}, {@link Workload}), the
 * baselines ({@link Baselines}) and the report ({@link Report}) are beside it.
 */
public final class Benchmark {

    private final Options options;
    /** Canvass as run.sh runs it (started again for the cold start). */
    private RunScript canvass;
    private final PrintStream out;
    private final Report report;
    private final BenchClient client;
    private final Workload workload;
    private final Driver driver;
    private String[] dashboards;

    Benchmark(Options options, RunScript canvass, PrintStream out) {
        this.options = options;
        this.canvass = canvass;
        this.out = out;
        this.report = new Report(out, options.progress());
        this.client = new BenchClient(canvass.commandPort, canvass.queryPort);
        // every field day in the past: the HTTP phases' contracts first, then the filled store's
        this.workload = Workload.endingBefore(LocalDate.now(), (options.contracts() > 0 ? options.contracts()
                : options.events() / Workload.FILLED_EVENTS) + 20_000, options.perDay());
        this.driver = new Driver(workload, client);
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
        // a machine shared with other builds can take minutes to start the apps
        Benchmark benchmark = new Benchmark(options, RunScript.start(options.script(), data, environment(options),
                java.time.Duration.ofMinutes(20)), System.out);
        try {
            Map<String, Object> report = benchmark.measure();
            Files.writeString(options.out(), Json.write(report) + "\n");
            System.out.println("Report written to " + options.out().toAbsolutePath());
        } finally {
            benchmark.canvass.close();
        }
    }

    /**
     * The apps' environment: the query side's heap, the framework baseline's endpoint on the command
     * side ({@code FrameworkBaseline}), and what the caller passes on: {@code CANVASS_*} settings for
     * both apps (an A/B of one setting) and {@code BENCH_COMMAND_JAVA_OPTS} for the command side's JVM
     * (a flight recording).
     */
    static Map<String, String> environment(Options options) {
        Map<String, String> environment = new java.util.HashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("CANVASS_")) {
                environment.put(name, value);
            }
        });
        String commandOptions = System.getenv("BENCH_COMMAND_JAVA_OPTS");
        if (commandOptions != null) {
            environment.put("JAVA_OPTS", commandOptions);
        }
        environment.put("QUERY_JAVA_OPTS", "-Xmx" + options.queryHeap());
        environment.put("READ_MODELS", options.readModelsOnDisk() ? "disk" : "memory");
        environment.put("CANVASS_BENCH_BASELINE_TABLE", Baselines.HTTP_BASELINE_TABLE);
        return environment;
    }

    /** Runs P1 to P5 and answers the report (also printed as a table). */
    Map<String, Object> measure() throws Exception {
        report.put("options", Map.of("clients", options.clients(), "seconds", options.duration().toSeconds(),
                "events", options.events(), "readers", options.readers(), "readSeconds", options.readDuration().toSeconds(),
                "perDay", options.perDay(), "fill", options.httpFill() ? "http" : "direct", "queryHeap", options.queryHeap(),
                "contracts", options.contracts(), "readModels", options.readModelsOnDisk() ? "disk" : "memory"));
        report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version")));
        driver.planDistricts();
        report.put("commandSides", options.commandSides());
        try (CommandSides sides = CommandSides.start(options.commandSides(), canvass, environment(options))) {
            if (options.commandSides() > 1) {
                // the command sides just started are colder than run.sh's, which planned the districts: 16
                // clients at once on a cold JVM hold its connections past the pool's timeout on a busy machine
                client.commandPorts(java.util.Arrays.copyOfRange(sides.ports(), 1, options.commandSides()));
                long deadline = System.nanoTime() + options.warmup().toNanos();
                driver.drive(2, () -> System.nanoTime() > deadline, () -> { }, Driver.Sampler.NONE);
            }
            client.commandPorts(sides.ports());
            warmUp();
            client.awaitProjections();
            p1Throughput();
            if (options.commandSides() > 1) {
                client.awaitProjections();
                p1SidesAgainstOne(sides);
            }
        } finally {
            client.commandPorts(canvass.commandPort);
        }
        client.awaitProjections();
        p2Lag();
        seed();
        p4Dashboards();
        p5Memory();
        p3Rebuild();
        report.put("refusedRequests", client.refused());
        report.table(options, dashboards);
        return report.figures();
    }

    /** A fresh JVM compiles its hot paths in the first seconds: measuring then would measure the JIT. */
    private void warmUp() throws Exception {
        out.printf("Warming up for %d s...%n", options.warmup().toSeconds());
        long deadline = System.nanoTime() + options.warmup().toNanos();
        long commands = driver.drive(options.clients(), () -> System.nanoTime() > deadline, () -> { }, Driver.Sampler.NONE);
        report.put("warmupCommands", commands);
    }

    // --- P1: commands per second against durable single-row INSERTs

    private void p1Throughput() throws Exception {
        out.printf("P1: %d clients for %d s through HTTP...%n", options.clients(), options.duration().toSeconds());
        long started = System.nanoTime();
        long deadline = started + options.duration().toNanos();
        long commands = driver.drive(options.clients(), () -> System.nanoTime() > deadline, () -> { }, Driver.Sampler.NONE);
        double perSecond = commands / Report.seconds(System.nanoTime() - started);
        // each phase starts on a quiet machine: the query side has projected (and the sealer sealed)
        // what the phase before wrote, so no phase pays for its predecessor's backlog
        client.awaitProjections();
        out.printf("P1: the same %d threads INSERT single rows with durable commits for %d s...%n", options.clients(),
                options.duration().toSeconds());
        Baselines.Inserts raw = Baselines.durableInserts(canvass.postgresPort, options.clients(), options.duration());
        report.put("postgresSynchronousCommit", raw.synchronousCommit());

        client.awaitProjections();
        out.printf("P1: %d clients for %d s, each sending 10 contracts' commands in 4 batches...%n", options.clients(),
                options.duration().toSeconds());
        long batchStarted = System.nanoTime();
        long batchDeadline = batchStarted + options.duration().toNanos();
        long batched = driver.driveBatches(options.clients(), 10, () -> System.nanoTime() > batchDeadline);
        double batchPerSecond = batched / Report.seconds(System.nanoTime() - batchStarted);

        client.awaitProjections();
        out.printf("P1: the framework alone: %d clients for %d s, one durable INSERT per request through the same"
                + " HTTP stack...%n", options.clients(), options.duration().toSeconds());
        double framework = Baselines.frameworkInserts(canvass.postgresPort, client, options.clients(), options.duration());
        Map<String, Object> p1 = new java.util.LinkedHashMap<>();
        p1.put("commandsPerSecond", Report.round(perSecond));
        p1.put("commands", commands);
        p1.put("rawInsertsPerSecond", Report.round(raw.perSecond()));
        p1.put("ratio", Report.round(perSecond / raw.perSecond()));
        p1.put("frameworkBaselinePerSecond", Report.round(framework));
        p1.put("ratioToFramework", Report.round(perSecond / framework));
        p1.put("batchCommandsPerSecond", Report.round(batchPerSecond));
        p1.put("batchCommands", batched);
        p1.put("batchRatio", Report.round(batchPerSecond / raw.perSecond()));
        report.put("P1", p1);
    }

    /**
     * With several command sides, what scaling out gains or costs on this machine, as a ratio in
     * the same run: P1's single commands through all of them, through run.sh's alone (the others
     * idle), and through all again, so that a drift over the run (the JIT, the store growing)
     * weighs on both sides of the ratio alike.
     */
    private void p1SidesAgainstOne(CommandSides sides) throws Exception {
        int[] all = client.commandPorts();
        double[] legs = new double[3];
        double[] cpu = new double[3];
        for (int leg = 0; leg < legs.length; leg++) {
            boolean one = leg == 1;
            out.printf("P1: %d clients for %d s through %s...%n", options.clients(), options.duration().toSeconds(),
                    one ? "one of the " + options.commandSides() + " command sides" : "all the command sides");
            client.commandPorts(one ? new int[]{canvass.commandPort} : all);
            long cpuBefore = sides.cpuNanos();
            long started = System.nanoTime();
            long deadline = started + options.duration().toNanos();
            long commands = driver.drive(options.clients(), () -> System.nanoTime() > deadline, () -> { }, Driver.Sampler.NONE);
            legs[leg] = commands / Report.seconds(System.nanoTime() - started);
            // the command sides' own CPU per command: what a command costs, whatever else this machine runs
            cpu[leg] = (sides.cpuNanos() - cpuBefore) / 1e6 / commands;
            client.awaitProjections();
        }
        double throughAll = (legs[0] + legs[2]) / 2;
        report.get("P1").put("sidesCommandsPerSecond", Report.round(throughAll));
        report.get("P1").put("oneSideCommandsPerSecond", Report.round(legs[1]));
        report.get("P1").put("sidesToOneSide", Report.round(throughAll / legs[1]));
        report.get("P1").put("sidesCpuMsPerCommand", Report.round((cpu[0] + cpu[2]) / 2));
        report.get("P1").put("oneSideCpuMsPerCommand", Report.round(cpu[1]));
        out.printf(java.util.Locale.ROOT, "P1 through %d command sides: %.0f and %.0f commands/s (%.2f and %.2f ms of"
                        + " their CPU a command); through one between them: %.0f (%.2f ms) (ratio %.2f)%n",
                options.commandSides(), legs[0], legs[2], cpu[0], cpu[2], legs[1], cpu[1], throughAll / legs[1]);
    }

    // --- P2: from the 201 to the read model showing it, at half the P1 rate

    private void p2Lag() throws Exception {
        double p1 = ((Number) report.get("P1").get("commandsPerSecond")).doubleValue();
        double rate = Math.max(1, p1 / 2);
        long interval = (long) (1_000_000_000L / rate);
        AtomicLong nextSlot = new AtomicLong(System.nanoTime());
        AtomicLong count = new AtomicLong();
        Stats lag = new Stats();
        Stats ownWrite = new Stats();
        out.printf("P2: about %.0f commands/s for %d s, timing every 10th until the read model shows everything up to"
                + " it (minPosition), and every other 10th until it shows that command's event (afterWrite)...%n", rate,
                options.duration().toSeconds());
        Map<String, double[]> phasesBefore = phases();
        long deadline = System.nanoTime() + options.duration().toNanos();
        long sent = driver.drive(options.clients(), () -> System.nanoTime() > deadline, () -> {
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
            long n = count.incrementAndGet() % 10;
            if (n == 0) {
                lag.add(timeFresh(district, "minPosition", position));
            } else if (n == 5) {
                ownWrite.add(timeFresh(district, "afterWrite", position));
            }
        });
        Map<String, Object> phases = new LinkedHashMap<>();
        phases().forEach((phase, after) -> {
            double[] before = phasesBefore.get(phase);
            phases.put(phase, Report.round(after[0] == before[0] ? 0 : (after[1] - before[1]) * 1000 / (after[0] - before[0])));
        });
        report.put("P2", Map.of("targetCommandsPerSecond", Report.round(rate), "commands", sent, "samples", lag.count(),
                "p50Millis", Report.round(lag.percentile(50)), "p99Millis", Report.round(lag.percentile(99)),
                "ownWrite", Map.of("samples", ownWrite.count(), "p50Millis", Report.round(ownWrite.percentile(50)),
                        "p99Millis", Report.round(ownWrite.percentile(99))),
                "phaseMeanMillis", phases));
    }

    /**
     * The query side's timings of the path from commit to applied (canvass.projection.phase, see
     * docs/freshness.md), per phase: {count, total seconds} so far.
     */
    private Map<String, double[]> phases() throws Exception {
        Map<String, double[]> phases = new LinkedHashMap<>();
        for (String phase : List.of("delivered", "applied", "stored")) {
            String body = client.get("admin", "/actuator/metrics/canvass.projection.phase?tag=phase:" + phase);
            phases.put(phase, new double[] {statistic(body, "COUNT"), statistic(body, "TOTAL_TIME")});
        }
        return phases;
    }

    private static double statistic(String metric, String statistic) {
        Matcher value = Pattern.compile("\"statistic\":\"" + statistic + "\",\"value\":([-0-9.E]+)").matcher(metric);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    /** Nanoseconds from asking the district's coverage with {@code parameter=position} to its fresh answer. */
    private long timeFresh(String district, String parameter, long position) throws Exception {
        long started = System.nanoTime();
        String body = client.get("manager", "/api/coverage/districts/" + district + "?" + parameter + "=" + position);
        if (!body.contains("\"stale\":false")) {
            throw new IllegalStateException("the read model did not reach " + parameter + " " + position + " in time: " + body);
        }
        return System.nanoTime() - started;
    }

    // --- the store for P3 and P4

    private void seed() throws Exception {
        long target = options.events();
        long started = System.nanoTime();
        long commands;
        if (options.httpFill()) {
            out.printf("Filling the store to %d events through HTTP...%n", target);
            AtomicLong sent = new AtomicLong();
            report.withProgress(() -> Math.max(0, client.lastPosition()), target, () -> sent.set(
                    driver.drive(options.clients(), () -> client.lastPosition() >= target, () -> { }, Driver.Sampler.NONE)));
            commands = sent.get();
        } else {
            long to = driver.nextContract() + (options.contracts() > 0 ? options.contracts()
                    : Math.max(0, (target - client.lastPosition() + Workload.FILLED_EVENTS - 1) / Workload.FILLED_EVENTS));
            long from = driver.take(to);
            out.printf("Filling the store: %d contracts of %d events written straight into the event table...%n",
                    to - from, Workload.FILLED_EVENTS);
            AtomicLong written = new AtomicLong();
            report.withProgress(written::get, (to - from) * Workload.FILLED_EVENTS,
                    () -> client.reached(new DirectFill(canvass.postgresPort, workload).fill(from, to, written::set)));
            commands = written.get();
            if (to > from) {
                checkCommandSideReads(to - 1);
            }
        }
        double fillSeconds = Report.seconds(System.nanoTime() - started);
        double coldStart = coldStart();
        checkQuerySideCounts();
        Double restart = options.readModelsOnDisk() ? restart() : null;
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("events", client.lastPosition());
        store.put("contracts", driver.nextContract());
        store.put("fill", options.httpFill() ? "http" : "direct");
        store.put(options.httpFill() ? "fillCommandsPerSecond" : "fillEventsPerSecond", Report.round(commands / fillSeconds));
        store.put("coldStartToReadySeconds", Report.round(coldStart));
        if (restart != null) {
            store.put("restartToReadySeconds", Report.round(restart));
        }
        report.put("store", store);
        dashboards = dashboards();
    }

    /**
     * Cold start to ready: Canvass stopped and started again on the filled store with no read model,
     * the seconds from the query side's process start to run.sh saying it is running (it waits for the
     * query side's readiness: every read model built from every event). Read models on disk are
     * deleted first (in memory they are gone anyway), so the query side builds them all.
     */
    private double coldStart() throws Exception {
        out.printf("Cold start: Canvass stopped and started again on %d events, no read model kept...%n",
                client.lastPosition());
        canvass.close();
        deleteTree(canvass.data.resolve("mongo"));
        double seconds = startAgain();
        out.printf("Cold start: ready in %.1f s%n", seconds);
        return seconds;
    }

    /**
     * Restart to ready with the read models kept on disk (docs/persistence.md): Canvass stopped and
     * started again on the unchanged store; the query side resumes from its stored tokens, nothing to
     * build.
     */
    private double restart() throws Exception {
        out.printf("Restart: Canvass stopped and started again on %d events, read models kept...%n", client.lastPosition());
        canvass.close();
        double seconds = startAgain();
        out.printf("Restart: ready in %.1f s%n", seconds);
        return seconds;
    }

    private static void deleteTree(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (var paths = Files.walk(folder)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private double startAgain() throws Exception {
        // a million events built through the embedded MongoDB's disk store take minutes, not seconds
        canvass = canvass.restart(java.time.Duration.ofHours(1));
        Instant ready = Instant.now();
        Instant started = ProcessHandle.of(canvass.pid("query-side")).flatMap(process -> process.info().startInstant())
                .orElseThrow(() -> new IllegalStateException("the query side's start is unknown"));
        client.awaitProjections();
        return java.time.Duration.between(started, ready).toMillis() / 1000.0;
    }

    /** The command side reads a filled contract: retrying its last command answers the filled event's position. */
    private void checkCommandSideReads(long n) throws Exception {
        Workload.Contract last = workload.filled(n);
        long filledHead = client.lastPosition();
        long position = client.post("installer", "/api/contracts/" + last.id() + "/balance-payments",
                DirectFill.lastRequest(last));
        if (position != filledHead) {
            throw new IllegalStateException("the command side did not read the filled store: a retried balance of "
                    + last.id() + " answered position " + position + ", its event is at " + filledHead);
        }
    }

    /** The query side projected every contract of the store. */
    private void checkQuerySideCounts() throws Exception {
        Matcher counts = Pattern.compile("\"contracts\":(\\d+)").matcher(client.get("manager", "/api/coverage/districts?size=50"));
        long contracts = 0;
        while (counts.find()) {
            contracts += Long.parseLong(counts.group(1));
        }
        if (contracts != driver.nextContract()) {
            throw new IllegalStateException("coverage counts " + contracts + " contracts, the store holds " + driver.nextContract());
        }
    }

    /** The dashboards P4 reads: a month in the middle of the store, a salesperson of the workload. */
    private String[] dashboards() {
        LocalDate month = workload.day(driver.nextContract() / 2).withDayOfMonth(1);
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
                options.readDuration().toSeconds(), client.lastPosition(), driver.nextContract());
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
                    client.get("manager", dashboards[q + 1]);
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
        p4.put("p50Millis", Report.round(all.percentile(50)));
        p4.put("p99Millis", Report.round(all.percentile(99)));
        byQuery.forEach((name, stats) -> p4.put(name, Map.of("requests", stats.count(),
                "p50Millis", Report.round(stats.percentile(50)), "p99Millis", Report.round(stats.percentile(99)))));
        report.put("P4", p4);
    }

    // --- P5: resident memory of each app

    /** Resident memory of each app, then its live heap after a full collection (issue 12). */
    private void p5Memory() throws Exception {
        long command = canvass.pid("command-side");
        long query = canvass.pid("query-side");
        long commandResident = Baselines.residentMegabytes(command);
        long queryResident = Baselines.residentMegabytes(query);
        report.put("P5", Map.of("commandSideMegabytes", commandResident, "querySideMegabytes", queryResident,
                "commandSideLiveHeapMegabytes", Baselines.liveHeapMegabytes(command),
                "querySideLiveHeapMegabytes", Baselines.liveHeapMegabytes(query)));
    }

    // --- P3: replaying every event into the read models against insertMany

    private void p3Rebuild() throws Exception {
        long events = client.lastPosition();
        out.printf("P3: rebuilding every read model from %d events (a new generation beside the current one)...%n", events);
        long started = System.nanoTime();
        client.rebuild();
        awaitProjectionsShowingProgress();
        double perSecond = events / Report.seconds(System.nanoTime() - started);
        out.printf("P3: insertMany of %d small documents into the same MongoDB...%n", events);
        double raw = Baselines.insertMany(canvass.mongoPort, events);
        report.put("P3", Map.of("events", events, "eventsPerSecond", Report.round(perSecond),
                "rawInsertManyPerSecond", Report.round(raw), "ratio", Report.round(perSecond / raw)));
    }

    private void awaitProjectionsShowingProgress() throws Exception {
        report.withProgress(client::projected, client.lastPosition(), client::awaitProjections);
    }
}
