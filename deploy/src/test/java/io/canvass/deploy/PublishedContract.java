package io.canvass.deploy;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * No drift between the API and what it says of itself (issue 17): every request the end-to-end
 * tests send to {@code /api/**} and every answer they get is validated against the OpenAPI
 * document the app publishes at {@code /v3/api-docs}, with Atlassian's swagger-request-validator.
 * An answer the spec does not describe (a status, a field, a type) fails the test at once. A
 * request is held to the spec when it was accepted; one refused with a 4xx may be deliberately
 * malformed (the tests try refusals), and only its answer is checked.
 */
final class PublishedContract {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final Map<Integer, OpenApiInteractionValidator> validators = new ConcurrentHashMap<>();

    void check(int port, String method, String pathAndQuery, String user, String body, String accept, Canvass.Answer answer) {
        String errors = mismatches(validator(port), method, pathAndQuery, user, body, accept, answer);
        if (!errors.isEmpty()) {
            throw new AssertionError(method + " " + pathAndQuery + " -> " + answer.status() + " does not match the published"
                    + " spec:\n  " + errors + "\nanswer: " + answer.text());
        }
    }

    /** What the validator finds wrong with the exchange, one line each; empty when it matches the spec. */
    static String mismatches(OpenApiInteractionValidator validator, String method, String pathAndQuery, String user,
                             String body, String accept, Canvass.Answer answer) {
        URI uri = URI.create("http://localhost" + pathAndQuery);
        if (!uri.getPath().startsWith("/api/")) {
            return "";
        }
        SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(method), uri.getPath());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                request.withQueryParam(decode(parts[0]), parts.length > 1 ? decode(parts[1]) : "");
            }
        }
        if (user != null) {
            request.withAuthorization("Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
        }
        if (body != null) {
            request.withBody(body).withContentType("application/json");
        }
        if (accept != null) {
            request.withAccept(accept);
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status()).withBody(answer.text());
        if (!answer.contentType().isEmpty()) {
            response.withContentType(answer.contentType());
        }
        ValidationReport report = validator.validate(request.build(), response.build());
        return report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .filter(message -> answer.status() < 400 || !message.getKey().startsWith("validation.request"))
                .map(message -> message.getKey() + ": " + message.getMessage())
                .collect(Collectors.joining("\n  "));
    }

    private OpenApiInteractionValidator validator(int port) {
        return validators.computeIfAbsent(port, p -> {
            try {
                String spec = CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + p + "/v3/api-docs")).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                return OpenApiInteractionValidator.createForInlineApiSpecification(spec).build();
            } catch (Exception e) {
                throw new IllegalStateException("could not read the spec of the app on port " + p, e);
            }
        });
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
