package io.canvass.deploy.bench;

import io.canvass.deploy.RunScript;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command sides P1 is measured through ({@code --command-sides N}): run.sh's, and N - 1 more
 * started on its PostgreSQL as production starts a second instance (the same jar, heap and
 * settings), each request sent to the next one in turn as a load balancer without affinity would
 * (docs/command-consistency.md). Stopped when P1 is done, so the later phases run as before.
 */
final class CommandSides implements AutoCloseable {

    private final List<Process> started;
    private final List<Integer> ports;
    private final long firstPid;

    private CommandSides(List<Process> started, List<Integer> ports, long firstPid) {
        this.started = started;
        this.ports = ports;
        this.firstPid = firstPid;
    }

    static CommandSides start(int count, RunScript canvass, Map<String, String> environment) throws Exception {
        List<Process> started = new ArrayList<>();
        List<Integer> ports = new ArrayList<>(List.of(canvass.commandPort));
        CommandSides sides = new CommandSides(started, ports, canvass.pid("command-side"));
        try {
            Path jar;
            try (var jars = Files.list(canvass.script.toAbsolutePath().getParent().resolveSibling("command-side").resolve("target"))) {
                jar = jars.filter(path -> path.getFileName().toString().endsWith("-exec.jar")).findFirst().orElseThrow();
            }
            for (int n = 1; n < count; n++) {
                int port = RunScript.freePort();
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:+ExitOnOutOfMemoryError"));
                command.addAll(List.of(environment.getOrDefault("JAVA_OPTS", "-Xmx512m").split(" ")));
                command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port,
                        "--spring.datasource.url=jdbc:postgresql://localhost:" + canvass.postgresPort + "/canvass",
                        "--spring.datasource.username=canvass_app", "--spring.datasource.password=canvass_app",
                        "--spring.flyway.user=postgres", "--spring.flyway.password=",
                        "--canvass.security.demo-users=true",
                        "--canvass.audit.signing-key-file=" + canvass.data.resolve("audit-signing-key.pem")));
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(canvass.data.resolve("logs").resolve("command-side-" + (n + 1) + ".log").toFile());
                builder.environment().putAll(environment);
                builder.environment().remove("JAVA_OPTS");
                started.add(builder.start());
                ports.add(port);
                awaitReady(started.get(started.size() - 1), port);
            }
            return sides;
        } catch (Exception e) {
            sides.close();
            throw e;
        }
    }

    /** The CPU time the command sides' processes have used so far, in nanoseconds. */
    long cpuNanos() {
        java.util.stream.LongStream pids = java.util.stream.LongStream.concat(java.util.stream.LongStream.of(firstPid),
                started.stream().mapToLong(Process::pid));
        return pids.mapToObj(ProcessHandle::of).flatMap(java.util.Optional::stream)
                .mapToLong(process -> process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L)).sum();
    }

    int[] ports() {
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Ready, and its connection pool filled: 16 clients at once on a pool still opening its
     * connections wait past the pool's 1.5 s timeout on a busy machine (503s, which end the run),
     * while run.sh's command side has long filled its pool when P1 starts.
     */
    private static void awaitReady(Process process, int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("a command side on port " + port + " stopped while starting");
            }
            try {
                if (http.send(get(port, "/actuator/health/readiness"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200
                        && metric(http, port, "hikaricp.connections") >= metric(http, port, "hikaricp.connections.max")) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("a command side on port " + port + " was not ready within 3 minutes");
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString("admin:demo".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .GET().build();
    }

    private static double metric(HttpClient http, int port, String name) throws Exception {
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("\"value\":([0-9.E]+)").matcher(
                http.send(get(port, "/actuator/metrics/" + name), HttpResponse.BodyHandlers.ofString()).body());
        return value.find() ? Double.parseDouble(value.group(1)) : Double.NaN;
    }

    /** Stops the command sides started here (SIGTERM, as a supervisor would). */
    @Override
    public void close() throws Exception {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
