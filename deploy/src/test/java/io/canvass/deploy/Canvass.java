package io.canvass.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * All of Canvass as a user runs it: {@code deploy/run.sh} on a data folder and free ports, both
 * apps as separate processes, reached over HTTP only.
 */
final class Canvass implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    final int commandPort;
    final int queryPort;
    final int postgresPort;
    final int mongoPort;
    final Path data;
    final Path output;
    private final Process process;

    record Answer(int status, String text, JsonNode json) {
        String field(String name) {
            return json.get(name).asText();
        }
    }

    private Canvass(Path data, int commandPort, int queryPort, int postgresPort, int mongoPort, String... extra)
            throws IOException {
        this.data = data;
        this.commandPort = commandPort;
        this.queryPort = queryPort;
        this.postgresPort = postgresPort;
        this.mongoPort = mongoPort;
        this.output = Files.createTempFile("canvass-run", ".log");
        Path script = Path.of("run.sh").toAbsolutePath();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("bash", script.toString(),
                "--no-build", "--data", data.toString(),
                "--command-port", Integer.toString(commandPort), "--query-port", Integer.toString(queryPort),
                "--postgres-port", Integer.toString(postgresPort), "--mongo-port", Integer.toString(mongoPort)));
        command.addAll(java.util.List.of(extra));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** Starts Canvass on fresh ports and waits until the run script says it is running. */
    static Canvass start(Path data, String... extra) throws Exception {
        Canvass canvass = new Canvass(data, freePort(), freePort(), freePort(), freePort(), extra);
        canvass.awaitRunning();
        return canvass;
    }

    /** Starts Canvass again on the same data and ports. */
    Canvass restart() throws Exception {
        Canvass again = new Canvass(data, commandPort, queryPort, postgresPort, mongoPort);
        again.awaitRunning();
        return again;
    }

    private void awaitRunning() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (!log().contains("Canvass is running.")) {
            if (!process.isAlive()) {
                throw new IllegalStateException("run.sh stopped:\n" + log());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("run.sh did not start in time:\n" + log());
            }
            Thread.sleep(250);
        }
    }

    /** Waits until the run script's output contains the text. */
    void awaitLog(String text, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!log().contains(text)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("run.sh never said \"" + text + "\":\n" + log());
            }
            Thread.sleep(250);
        }
    }

    String log() throws IOException {
        return Files.readString(output);
    }

    /** Stops as Ctrl-C would, and waits until both apps are down. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
    }

    int exitCode() {
        return process.exitValue();
    }

    Answer command(String user, String path, String json) {
        return send(user, HttpRequest.newBuilder(URI.create("http://localhost:" + commandPort + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    Answer query(String user, String path) {
        return query(user, path, "application/json");
    }

    Answer query(String user, String path, String accept) {
        return send(user, HttpRequest.newBuilder(URI.create("http://localhost:" + queryPort + path))
                .header("Accept", accept).GET());
    }

    private static Answer send(String user, HttpRequest.Builder request) {
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = response.body().isBlank() ? null : JSON.readTree(response.body());
            } catch (IOException notJson) {
                // CSV
            }
            return new Answer(response.statusCode(), response.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
