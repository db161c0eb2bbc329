package io.canvass.deploy.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's HTTP client of both apps, as the demo users: commands to the command side
 * (remembering the highest event position answered and counting refusals), reads from the query
 * side.
 */
final class BenchClient {

    static final Pattern POSITION = Pattern.compile("\"position\":(-?\\d+)");
    static final Pattern REBUILT = Pattern.compile("\"rebuild\":\\{[^}]*\"done\":(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** The command sides, each request to the next in turn ({@link CommandSides}). */
    private volatile int[] commandPorts;
    private final AtomicLong requests = new AtomicLong();
    private final int queryPort;
    private final AtomicLong lastPosition = new AtomicLong(-1);
    private final AtomicLong refused = new AtomicLong();

    BenchClient(int commandPort, int queryPort) {
        this.commandPorts = new int[]{commandPort};
        this.queryPort = queryPort;
    }

    /** Sends the commands from now on to these command sides in turn. */
    void commandPorts(int... ports) {
        this.commandPorts = ports.clone();
    }

    int[] commandPorts() {
        return commandPorts.clone();
    }

    private int commandPort() {
        int[] ports = commandPorts;
        return ports[(int) (requests.getAndIncrement() % ports.length)];
    }

    /** The highest global position any command answered (or the filled store reached). */
    long lastPosition() {
        return lastPosition.get();
    }

    void reached(long position) {
        lastPosition.accumulateAndGet(position, Math::max);
    }

    long refused() {
        return refused.get();
    }

    /** Sends a command; answers the position of its event. A refusal fails the benchmark. */
    long post(String user, String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + commandPort() + path))
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
        reached(at);
        return at;
    }

    private static final Pattern STATUS = Pattern.compile("\"status\":(\\d+)");

    /**
     * Sends commands (user, path, body) as one batch; answers how many were accepted. A command the
     * batch answers with anything but 2xx fails the benchmark, as a refused single command does.
     */
    long batch(String user, java.util.List<String[]> commands) throws Exception {
        if (commands.isEmpty()) {
            return 0;
        }
        StringBuilder body = new StringBuilder("{\"commands\":[");
        for (int i = 0; i < commands.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"path\":\"").append(commands.get(i)[1]).append("\",\"body\":")
                    .append(commands.get(i)[2]).append('}');
        }
        body.append("]}");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + commandPort()
                        + "/api/batches")).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").header("Authorization", basic(user))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            refused.incrementAndGet();
            throw new IllegalStateException("POST /api/batches as " + user + " -> " + response.statusCode() + " "
                    + response.body());
        }
        long accepted = 0;
        Matcher status = STATUS.matcher(response.body());
        while (status.find()) {
            int code = Integer.parseInt(status.group(1));
            if (code / 100 != 2) {
                refused.incrementAndGet();
                throw new IllegalStateException("a command of a batch as " + user + " was refused: " + response.body());
            }
            accepted++;
        }
        Matcher position = POSITION.matcher(response.body());
        while (position.find()) {
            reached(Long.parseLong(position.group(1)));
        }
        return accepted;
    }

    /** Posts to the framework baseline's endpoint (one durable INSERT); a refusal fails the benchmark. */
    void baseline(String user, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + commandPort()
                        + "/api/bench/baseline")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Authorization", basic(user))
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /api/bench/baseline -> " + response.statusCode() + " " + response.body());
        }
    }

    /** Reads from the query side; anything but 200 fails the benchmark. */
    String get(String user, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + queryPort + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", basic(user)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** Asks the query side to rebuild every read model (admin). */
    void rebuild() throws Exception {
        HttpResponse<String> rebuild = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + queryPort
                        + "/api/admin/rebuild")).header("Authorization", basic("admin"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (rebuild.statusCode() != 202) {
            throw new IllegalStateException("rebuild -> " + rebuild.statusCode() + " " + rebuild.body());
        }
    }

    /** The query side's projection position (admin), or how far a rebuild got while one runs; 0 while it cannot say. */
    long projected() {
        try {
            String status = get("admin", "/api/admin/processors");
            Matcher rebuilt = REBUILT.matcher(status);
            if (rebuilt.find()) {
                return Long.parseLong(rebuilt.group(1));
            }
            Matcher position = POSITION.matcher(status);
            return position.find() ? Math.max(0, Long.parseLong(position.group(1))) : 0;
        } catch (Exception notYet) {
            return 0;
        }
    }

    /** Waits until the query side is caught up, reflects everything written, and builds no generation. */
    void awaitProjections() throws Exception {
        while (true) {
            String status = get("admin", "/api/admin/processors");
            Matcher position = POSITION.matcher(status);
            if (status.contains("\"caughtUp\":true") && !status.contains("\"rebuild\":") && position.find()
                    && Long.parseLong(position.group(1)) >= lastPosition.get()) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }
}
