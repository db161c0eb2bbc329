package io.canvass.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A field app's view of the command API: JSON over HTTP with Basic authentication. */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final String base;

    public Api(int port) {
        this.base = "http://localhost:" + port;
    }

    /** An answer: status, body as JSON (null when empty or not JSON), content type and correlation header. */
    public record Answer(int status, JsonNode body, String contentType, String correlationId) {
        public String field(String name) {
            return body == null || body.get(name) == null ? null : body.get(name).asText();
        }
    }

    public Answer post(String user, String path, String json) {
        return post(user, path, json, null);
    }

    public Answer post(String user, String path, String json, String correlationId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        if (correlationId != null) {
            request.header("X-Correlation-Id", correlationId);
        }
        return send(request.build());
    }

    /** A file as finance sends it: the bytes as they are, with their content type. */
    public Answer postFile(String user, String path, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType).POST(body);
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        return send(request.build());
    }

    public Answer get(String user, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        return send(request.build());
    }

    /** "name" signs in with the demo password; "name:password" with that one. */
    private static String basic(String user) {
        String credentials = user.contains(":") ? user : user + ":demo";
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            try {
                body = response.body().isBlank() ? null : JSON.readTree(response.body());
            } catch (IOException notJson) {
                // leave null: the caller asserts on status and content type
            }
            return new Answer(response.statusCode(), body,
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("X-Correlation-Id").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- request bodies of the reference scenario

    public static String district(String districtId, String... streetIds) {
        StringBuilder streets = new StringBuilder();
        for (String streetId : streetIds) {
            if (!streets.isEmpty()) {
                streets.append(',');
            }
            streets.append("{\"streetId\":\"").append(streetId).append("\",\"name\":\"Street ").append(streetId).append("\"}");
        }
        return "{\"districtId\":\"" + districtId + "\",\"city\":\"Harbin\",\"name\":\"District " + districtId
                + "\",\"streets\":[" + streets + "]}";
    }

    public static String prospect(String prospectId, String districtId, String streetId, String salesperson) {
        return "{\"prospectId\":\"" + prospectId + "\",\"channel\":\"HAIR_SALON\",\"businessName\":\"Salon " + prospectId
                + "\",\"districtId\":\"" + districtId + "\",\"streetId\":\"" + streetId + "\",\"address\":\"" + prospectId
                + " Jiefang Rd\",\"salespersonId\":\"" + salesperson + "\",\"occurredAt\":\"2026-03-01T01:30:00Z\"}";
    }

    public static String contract(String contractId, String prospectId, String salesperson, int units, String price,
                                  String deposit) {
        return "{\"contractId\":\"" + contractId + "\",\"prospectId\":\"" + prospectId + "\",\"salespersonId\":\""
                + salesperson + "\",\"kind\":\"SALE\",\"units\":" + units + ",\"unitPrice\":\"" + price
                + "\",\"depositRequired\":\"" + deposit + "\",\"occurredAt\":\"2026-03-01T01:30:00Z\"}";
    }

    public static String payment(String paymentId, String amount) {
        return "{\"paymentId\":\"" + paymentId + "\",\"amount\":\"" + amount
                + "\",\"method\":\"CASH\",\"receiptNo\":\"R-" + paymentId + "\",\"occurredAt\":\"2026-03-02T02:00:00Z\"}";
    }

    public static String installation(String installationId, int units) {
        return "{\"installationId\":\"" + installationId + "\",\"units\":" + units
                + ",\"installerId\":\"installer\",\"deliveryReceiptNo\":\"D-" + installationId
                + "\",\"occurredAt\":\"2026-03-03T03:00:00Z\"}";
    }
}
