package io.canvass.deploy.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The benchmark's options, as {@code deploy/bench.sh} takes them ({@code --help} lists them).
 *
 * @param events the store size for P3 and P4 (1,000,000 for the full run)
 */
record Options(int clients, Duration duration, long events, int readers, Duration readDuration, Path script,
               Path out, boolean progress, Duration warmup, int perDay, boolean httpFill, String queryHeap,
               long contracts, int commandSides, boolean readModelsOnDisk) {

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
        int commandSides = 1;
        boolean readModelsOnDisk = true;
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
                case "--command-sides" -> commandSides = Integer.parseInt(args[++i]);
                case "--read-models" -> readModelsOnDisk = switch (args[++i]) {
                    case "disk" -> true;
                    case "memory" -> false;
                    default -> throw new IllegalArgumentException("--read-models is disk or memory, not " + args[i]);
                };
                case "--fill" -> httpFill = switch (args[++i]) {
                    case "http" -> true;
                    case "direct" -> false;
                    default -> throw new IllegalArgumentException("--fill is http or direct, not " + args[i]);
                };
                case "--help" -> throw new IllegalArgumentException("options: --events N (store size for P3/P4),"
                        + " --contracts N (instead: the store's filled contracts, 10 events each),"
                        + " --fill direct|http, --per-day N (contracts signed a day), --query-heap SIZE (the query"
                        + " side's -Xmx, which holds the embedded MongoDB), --clients N, --seconds N,"
                        + " --readers N, --read-seconds N, --warmup-seconds N, --out FILE, --no-progress,"
                        + " --command-sides N (P1 through N command sides on one PostgreSQL, requests in turn),"
                        + " --read-models disk|memory (where the embedded MongoDB keeps them; docs/persistence.md)");
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (options: --events, --contracts,"
                        + " --fill, --per-day, --query-heap, --clients, --seconds, --readers, --read-seconds, --warmup-seconds,"
                        + " --run-script, --out, --no-progress, --command-sides, --read-models)");
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
        if (commandSides < 1) {
            throw new IllegalArgumentException("--command-sides must be at least 1");
        }
        if (perDay < 1) {
            throw new IllegalArgumentException("--per-day must be at least 1");
        }
        return new Options(clients, duration, events, readers, readDuration, script.toAbsolutePath(), out, progress,
                warmup, perDay, httpFill, queryHeap, contracts, commandSides, readModelsOnDisk);
    }
}
