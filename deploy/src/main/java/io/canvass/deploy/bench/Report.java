package io.canvass.deploy.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The benchmark's report: figures gathered by measure (P1 to P5, the store), written as JSON and
 * printed as the table BENCHMARKS.md shows; and the progress bar of long phases.
 */
final class Report {

    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final PrintStream out;
    private final boolean progress;

    Report(PrintStream out, boolean progress) {
        this.out = out;
        this.progress = progress;
    }

    void put(String measure, Object value) {
        figures.put(measure, value);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> get(String measure) {
        return (Map<String, Object>) figures.get(measure);
    }

    Map<String, Object> figures() {
        return figures;
    }

    /** A progress bar of {@code done} out of {@code total} events, redrawn twice a second until interrupted. */
    Thread progress(LongSupplier done, long total) {
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
        if (progress) {
            thread.start();
        }
        return thread;
    }

    /** Runs {@code phase} with a progress bar, stopped when it ends. */
    void withProgress(LongSupplier done, long total, Phase phase) throws Exception {
        Thread bar = progress(done, total);
        try {
            phase.run();
        } finally {
            bar.interrupt();
            bar.join();
        }
    }

    interface Phase {
        void run() throws Exception;
    }

    /** The table: each figure beside its baseline from the same run, and their ratio. */
    void table(Options options, String[] dashboards) {
        Map<String, Object> p1 = get("P1");
        Map<String, Object> p2 = get("P2");
        Map<String, Object> p3 = get("P3");
        Map<String, Object> p4 = get("P4");
        Map<String, Object> p5 = get("P5");
        Map<String, Object> store = get("store");
        out.println();
        out.println("| id | measure | Canvass | baseline in the same run | ratio |");
        out.println("|---|---|---|---|---|");
        out.printf(Locale.ROOT, "| P1 | commands/s, HTTP, %d clients, 5-command mix | %s | %s durable single-row INSERTs/s | %s |%n",
                options.clients(), p1.get("commandsPerSecond"), p1.get("rawInsertsPerSecond"), p1.get("ratio"));
        out.printf(Locale.ROOT, "| P1 | the same, against the framework alone | %s | %s requests/s, one durable INSERT each, same HTTP stack | %s |%n",
                p1.get("commandsPerSecond"), p1.get("frameworkBaselinePerSecond"), p1.get("ratioToFramework"));
        out.printf(Locale.ROOT, "| P1 | commands/s in batches of 10 contracts' commands, %d clients | %s | %s durable single-row INSERTs/s | %s |%n",
                options.clients(), p1.get("batchCommandsPerSecond"), p1.get("rawInsertsPerSecond"), p1.get("batchRatio"));
        out.printf(Locale.ROOT, "| P2 | projection lag p50 / p99 (ms), at %s commands/s | %s / %s | - | - |%n",
                p2.get("targetCommandsPerSecond"), p2.get("p50Millis"), p2.get("p99Millis"));
        @SuppressWarnings("unchecked")
        Map<String, Object> ownWrite = (Map<String, Object>) p2.get("ownWrite");
        out.printf(Locale.ROOT, "| P2 | own write (afterWrite) p50 / p99 (ms), the same load | %s / %s | - | - |%n",
                ownWrite.get("p50Millis"), ownWrite.get("p99Millis"));
        out.printf(Locale.ROOT, "| P2 | mean ms from commit to applied, by phase: %s | - | - | - |%n", p2.get("phaseMeanMillis"));
        out.printf(Locale.ROOT, "| store | %s events, %s contracts, filled %s; cold start to ready, query side (s) | %s | - | - |%n",
                store.get("events"), store.get("contracts"), store.get("fill"), store.get("coldStartToReadySeconds"));
        if (store.containsKey("restartToReadySeconds")) {
            out.printf(Locale.ROOT, "| store | restart to ready on the unchanged store, read models on disk (s) | %s | - | - |%n",
                    store.get("restartToReadySeconds"));
        }
        out.printf(Locale.ROOT, "| P3 | rebuild, events/s replayed (%s events) | %s | %s insertMany docs/s | %s |%n",
                p3.get("events"), p3.get("eventsPerSecond"), p3.get("rawInsertManyPerSecond"), p3.get("ratio"));
        out.printf(Locale.ROOT, "| P4 | dashboards p50 / p99 (ms), %d readers, %s events | %s / %s | - | - |%n",
                options.readers(), store.get("events"), p4.get("p50Millis"), p4.get("p99Millis"));
        for (int q = 0; q < dashboards.length; q += 2) {
            @SuppressWarnings("unchecked")
            Map<String, Object> query = (Map<String, Object>) p4.get(dashboards[q]);
            out.printf(Locale.ROOT, "| P4 | - %s p50 / p99 (ms) | %s / %s | - | - |%n", dashboards[q],
                    query.get("p50Millis"), query.get("p99Millis"));
        }
        out.printf(Locale.ROOT, "| P5 | resident memory, command side / query side (MB) | %s / %s | - | - |%n",
                p5.get("commandSideMegabytes"), p5.get("querySideMegabytes"));
        out.printf(Locale.ROOT, "| P5 | live heap after a full GC, command side / query side with the embedded MongoDB (MB) | %s / %s | - | - |%n",
                p5.get("commandSideLiveHeapMegabytes"), p5.get("querySideLiveHeapMegabytes"));
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Three decimals; -1 for a figure that could not be had. */
    static double round(double value) {
        return Double.isNaN(value) ? -1 : Math.round(value * 1000) / 1000.0;
    }
}
