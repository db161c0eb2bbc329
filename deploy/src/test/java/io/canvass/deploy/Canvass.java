package io.canvass.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * All of Canvass as a user runs it: {@code deploy/run.sh} on a data folder and free ports, both
 * apps as separate processes, reached over HTTP only.
 */
final class Canvass implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final Path SCRIPT = Path.of("run.sh").toAbsolutePath();

    final RunScript run;
    final int commandPort;
    final int queryPort;
    final Path data;

    record Answer(int status, String text, JsonNode json, String contentType) {

        Answer(int status, String text, JsonNode json) {
            this(status, text, json, "");
        }

        String field(String name) {
            return json.get(name).asText();
        }
    }

    private Canvass(RunScript run) {
        this.run = run;
        this.commandPort = run.commandPort;
        this.queryPort = run.queryPort;
        this.data = run.data;
    }

    /** Starts Canvass on fresh ports and waits until the run script says it is running. */
    static Canvass start(Path data, String... extra) throws Exception {
        return new Canvass(RunScript.start(SCRIPT, data, extra));
    }

    /** Starts Canvass again on the same data and ports. */
    Canvass restart() throws Exception {
        return new Canvass(run.restart());
    }

    void awaitLog(String text, Duration timeout) throws Exception {
        run.awaitLog(text, timeout);
    }

    String log() throws IOException {
        return run.log();
    }

    @Override
    public void close() throws Exception {
        run.close();
    }

    int exitCode() {
        return run.exitCode();
    }

    Answer command(String user, String path, String json) {
        Answer answer = send(user, HttpRequest.newBuilder(URI.create("http://localhost:" + commandPort + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
        contract.check(commandPort, "POST", path, user, json, "application/json", answer);
        return answer;
    }

    /** A POST without a body to the command side (POST /api/audit/digests). */
    Answer commandPost(String user, String path) {
        Answer answer = send(user, HttpRequest.newBuilder(URI.create("http://localhost:" + commandPort + path))
                .POST(HttpRequest.BodyPublishers.noBody()));
        contract.check(commandPort, "POST", path, user, null, null, answer);
        return answer;
    }

    /** An operator's POST to the query side (POST /api/admin/rebuild). */
    Answer queryPost(String user, String path) {
        Answer answer = send(user, HttpRequest.newBuilder(URI.create("http://localhost:" + queryPort + path))
                .POST(HttpRequest.BodyPublishers.noBody()));
        contract.check(queryPort, "POST", path, user, null, null, answer);
        return answer;
    }

    Answer query(String user, String path) {
        return query(user, path, "application/json");
    }

    /**
     * Rebuilds the read models (a new generation beside the current one, which answers meanwhile) and
     * waits until every query reads the new one, caught up.
     */
    void rebuildAndWait() {
        Answer rebuild = queryPost("admin", "/api/admin/rebuild");
        if (rebuild.status() != 202) {
            throw new AssertionError("rebuild: " + rebuild.status() + " " + rebuild.text());
        }
        int generation = rebuild.json().get("rebuild").get("generation").asInt();
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode status = query("admin", "/api/admin/processors").json();
            return !status.has("rebuild") && status.get("generation").asInt() == generation
                    && status.get("caughtUp").asBoolean();
        });
    }

    Answer query(String user, String path, String accept) {
        Answer answer = send(user, HttpRequest.newBuilder(URI.create("http://localhost:" + queryPort + path))
                .header("Accept", accept).GET());
        contract.check(queryPort, "GET", path, user, null, accept, answer);
        return answer;
    }

    /** Every request and answer checked against the spec the app publishes ({@link PublishedContract}). */
    private final PublishedContract contract = new PublishedContract();

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
            return new Answer(response.statusCode(), response.body(), json,
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
