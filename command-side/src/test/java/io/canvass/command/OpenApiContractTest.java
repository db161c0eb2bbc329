package io.canvass.command;

import io.canvass.platform.KeptSpec;
import io.canvass.platform.OpenApiLint;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The command side's published OpenAPI document passes the lint rules (issue 17), and Swagger UI is served. */
@EmbeddedPostgresTest
class OpenApiContractTest {

    @LocalServerPort
    int port;

    String get(String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return answer.body();
    }

    @Test
    void the_published_spec_has_no_lint_error() throws Exception {
        String spec = get("/v3/api-docs");
        // kept with the build, for a dashboard team to generate a client from
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "openapi"));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "openapi", "command-side.json"), spec);
        assertThat(OpenApiLint.problems(spec)).isEmpty();
        assertThat(KeptSpec.difference("command-side", spec)).isNull();
        assertThat(spec).contains("\"title\":\"Canvass command side\"", "\"basicAuth\"", "application/problem+json");
    }

    @Test
    void swagger_ui_is_served() throws Exception {
        assertThat(get("/swagger-ui/index.html")).contains("Swagger UI");
    }
}
