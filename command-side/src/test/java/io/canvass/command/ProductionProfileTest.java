package io.canvass.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo users never reach production. */
class ProductionProfileTest {

    @TempDir
    Path data;

    @Test
    void the_prod_profile_refuses_to_start_with_the_demo_users() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(CommandSideApplication.class)
                .profiles("prod")
                .run("--server.port=0", "--canvass.security.demo-users=true",
                        "--canvass.embedded-postgres.port=0",
                        "--canvass.embedded-postgres.data-dir=" + data.resolve("pg")).close())
                .hasStackTraceContaining("The prod profile refuses to start with the demo users");
    }

    @Test
    void outside_the_embedded_default_there_are_no_demo_users() {
        // a configured datasource URL means "not the embedded default": with no users configured, no start
        assertThatThrownBy(() -> new SpringApplicationBuilder(CommandSideApplication.class)
                .run("--server.port=0", "--spring.datasource.url=jdbc:postgresql://localhost:1/none",
                        "--spring.flyway.enabled=false", "--canvass.audit.signing-key-file="
                                + io.canvass.command.audit.SigningKeyTest.keyFile(Path.of("target"))).close())
                .hasStackTraceContaining("No users: outside the embedded default, configure canvass.security.users");
    }
}
