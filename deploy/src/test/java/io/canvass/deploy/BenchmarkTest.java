package io.canvass.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canvass.deploy.bench.Benchmark;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A tiny run of the benchmark, started as deploy/bench.sh starts it (so a dependency its classpath
 * lacks fails here, as the fill's JSON library once did): the report is produced and hangs
 * together. No timing is asserted.
 */
class BenchmarkTest {

    @Test
    void a_tiny_run_produces_a_consistent_report() throws Exception {
        Path report = Files.createTempFile("benchmark", ".json");
        // as deploy/bench.sh runs it: its own JVM on target/classes and target/lib, not the tests' classpath
        Process bench = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                "target/classes" + java.io.File.pathSeparator + "target/lib/*", Benchmark.class.getName(),
                "--run-script", Canvass.SCRIPT.toString(), "--clients", "4", "--seconds", "2",
                "--contracts", "200", "--readers", "2", "--read-seconds", "2", "--warmup-seconds", "1", "--out", report.toString(),
                "--no-progress").redirectErrorStream(true).start();
        String output = new String(bench.getInputStream().readAllBytes());
        assertThat(bench.waitFor()).as(output).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());

        JsonNode p1 = json.get("P1");
        assertThat(p1.get("commands").asLong()).isPositive();
        assertThat(p1.get("commandsPerSecond").asDouble()).isPositive();
        assertThat(p1.get("rawInsertsPerSecond").asDouble()).isPositive();
        assertThat(p1.get("ratio").asDouble())
                .isCloseTo(p1.get("commandsPerSecond").asDouble() / p1.get("rawInsertsPerSecond").asDouble(), within(0.01));
        assertThat(json.get("postgresSynchronousCommit").asText()).isEqualTo("on");
        assertThat(p1.get("frameworkBaselinePerSecond").asDouble()).isPositive();
        assertThat(p1.get("ratioToFramework").asDouble())
                .isCloseTo(p1.get("commandsPerSecond").asDouble() / p1.get("frameworkBaselinePerSecond").asDouble(), within(0.01));
        assertThat(p1.get("batchCommands").asLong()).as("whole batches of 10 contracts' 5 commands").isPositive()
                .satisfies(n -> assertThat(n % 50).isZero());
        assertThat(p1.get("batchRatio").asDouble())
                .isCloseTo(p1.get("batchCommandsPerSecond").asDouble() / p1.get("rawInsertsPerSecond").asDouble(), within(0.01));

        JsonNode p2 = json.get("P2");
        assertThat(p2.get("samples").asInt()).isPositive();
        assertThat(p2.get("p50Millis").asDouble()).isPositive().isLessThanOrEqualTo(p2.get("p99Millis").asDouble());
        JsonNode ownWrite = p2.get("ownWrite");
        assertThat(ownWrite.get("samples").asInt()).isPositive();
        assertThat(ownWrite.get("p50Millis").asDouble()).isPositive().isLessThanOrEqualTo(ownWrite.get("p99Millis").asDouble());
        assertThat(p2.get("targetCommandsPerSecond").asDouble())
                .isCloseTo(Math.max(1, p1.get("commandsPerSecond").asDouble() / 2), within(0.01));

        JsonNode store = json.get("store");
        assertThat(store.get("events").asLong()).isGreaterThanOrEqualTo(2000);
        assertThat(store.get("fill").asText()).isEqualTo("direct");
        // the run itself checked that the command side read the filled store and the query side counted every contract
        assertThat(store.get("contracts").asLong()).isGreaterThanOrEqualTo(200);
        assertThat(store.get("fillEventsPerSecond").asDouble()).isPositive();
        assertThat(store.get("coldStartToReadySeconds").asDouble()).isPositive();
        assertThat(json.get("options").get("queryHeap").asText()).isEqualTo("512m");
        JsonNode p3 = json.get("P3");
        assertThat(p3.get("events").asLong()).isEqualTo(json.get("store").get("events").asLong());
        assertThat(p3.get("eventsPerSecond").asDouble()).isPositive();
        assertThat(p3.get("ratio").asDouble())
                .isCloseTo(p3.get("eventsPerSecond").asDouble() / p3.get("rawInsertManyPerSecond").asDouble(), within(0.01));

        JsonNode p4 = json.get("P4");
        assertThat(p4.get("requests").asInt()).isPositive();
        for (String query : new String[] {"coverage", "quota", "profit", "reconciliation"}) {
            assertThat(p4.get(query).get("requests").asInt()).as(query).isPositive();
            assertThat(p4.get(query).get("p50Millis").asDouble()).isLessThanOrEqualTo(p4.get(query).get("p99Millis").asDouble());
        }
        assertThat(json.get("P5").get("commandSideMegabytes").asLong()).isPositive();
        assertThat(json.get("P5").get("querySideMegabytes").asLong()).isPositive();
        assertThat(json.get("P5").get("commandSideLiveHeapMegabytes").asLong()).isPositive()
                .isLessThan(json.get("P5").get("commandSideMegabytes").asLong());
        assertThat(json.get("P5").get("querySideLiveHeapMegabytes").asLong()).isPositive()
                .isLessThan(json.get("P5").get("querySideMegabytes").asLong());
        assertThat(json.get("refusedRequests").asLong()).as("every request of the mix was accepted").isZero();
    }
}
