package io.canvass.query.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A dashboard's view of the query API: GET with HTTP Basic as a demo user (password "demo"). */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final String base;

    public Http(int port) {
        this.base = "http://localhost:" + port;
    }

    public record Answer(int status, String text, JsonNode json, String contentType) {
    }

    public Answer get(String user, String path) {
        return send(user, "GET", path, "application/json");
    }

    public Answer get(String user, String path, String accept) {
        return send(user, "GET", path, accept);
    }

    /** The JSON of a GET that must answer 200 (the answer's text in the failure otherwise). */
    public JsonNode ok(String user, String path) {
        Answer answer = get(user, path);
        if (answer.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + answer.status() + ": " + answer.text());
        }
        return answer.json();
    }

    /** A file as downloaded: its bytes and headers. */
    public record Download(int status, byte[] body, String contentType, java.net.http.HttpHeaders headers) {
    }

    public Download download(String user, String path, String accept) {
        try {
            HttpResponse<byte[]> response = CLIENT.send(request(user, "GET", path, accept).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Download(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Answer post(String user, String path) {
        return send(user, "POST", path, "application/json");
    }

    private HttpRequest.Builder request(String user, String method, String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", accept)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    private Answer send(String user, String method, String path, String accept) {
        HttpRequest.Builder request = request(user, method, path, accept);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = response.body().isBlank() ? null : JSON.readTree(response.body());
            } catch (IOException notJson) {
                // CSV or empty
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
