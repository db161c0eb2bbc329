package io.canvass.command;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A brake on password guessing (issue 11): after a few failures for a user, or from an address,
 * further attempts are a 429 with Retry-After, checked without bcrypt; a user already signed in
 * goes on working; failures are counted in a metric. Its own app, with small limits (3 failures a
 * minute for a user, 6 from an address), so that other tests' logins are not throttled.
 */
@EmbeddedPostgresTest
@TestPropertySource(properties = {"canvass.security.login-throttle.per-user=3",
        "canvass.security.login-throttle.per-address=6"})
class LoginThrottleTest {

    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    HttpResponse<String> send(String method, String path, String user, String password) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A signed-in command with an empty body: 400 once authenticated. */
    int command(String user, String password) throws Exception {
        return send("POST", "/api/prospects", user, password).statusCode();
    }

    @Test
    void guessing_is_throttled_per_user_and_per_address_and_signed_in_users_go_on() throws Exception {
        assertThat(command("sales1", "demo")).as("signed in before the attack").isEqualTo(400);
        assertThat(send("GET", "/actuator/prometheus", "admin", "demo").statusCode()).isEqualTo(200);

        for (int i = 0; i < 3; i++) {
            assertThat(command("sales2", "guess" + i)).isEqualTo(401);
        }
        HttpResponse<String> throttled = send("POST", "/api/prospects", "sales2", "guess3");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 61L));
        assertThat(throttled.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        // answering the right password now would tell the guesser it is right
        assertThat(command("sales2", "demo")).isEqualTo(429);
        assertThat(command("sales1", "demo")).as("already signed in: not throttled").isEqualTo(400);

        // the same address guessing at other users: 6 failures from it, then even a fresh sign-in from it waits
        for (int i = 0; i < 3; i++) {
            assertThat(command("installer", "guess" + i)).isEqualTo(401);
        }
        assertThat(command("manager", "demo")).as("a fresh sign-in from a throttled address").isEqualTo(429);
        assertThat(command("sales1", "demo")).isEqualTo(400);

        String metrics = send("GET", "/actuator/prometheus", "admin", "demo").body();
        assertThat(metrics).contains("canvass_login_failures_total{outcome=\"refused\"} 6.0");
        assertThat(metrics).containsPattern("canvass_login_failures_total\\{outcome=\"throttled\"} [1-9]");
    }
}
