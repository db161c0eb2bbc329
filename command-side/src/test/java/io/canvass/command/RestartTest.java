package io.canvass.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import static io.canvass.command.Api.contract;
import static io.canvass.command.Api.district;
import static io.canvass.command.Api.payment;
import static io.canvass.command.Api.prospect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stop the app, start it again on the same data: every event and every rule is still there. */
class RestartTest {

    @TempDir
    Path data;

    @Test
    void events_and_rules_survive_a_restart() throws Exception {
        int postgresPort = freePort();
        long eventsBefore;
        Api.Answer firstDeposit;
        try (ConfigurableApplicationContext app = start(postgresPort)) {
            Api api = api(app);
            assertThat(api.post("manager", "/api/districts", district("d-1", "s-1")).status()).isEqualTo(201);
            assertThat(api.post("sales1", "/api/prospects", prospect("p-1", "d-1", "s-1", "sales1")).status()).isEqualTo(201);
            assertThat(api.post("sales1", "/api/contracts", contract("c-1", "p-1", "sales1", 2, "1000.00", "400.00")).status())
                    .isEqualTo(201);
            firstDeposit = api.post("sales1", "/api/contracts/c-1/deposits", payment("pay-1", "400.00"));
            assertThat(firstDeposit.status()).isEqualTo(201);
            eventsBefore = new EventTable(app.getBean(JdbcTemplate.class)).count();
        }

        try (ConfigurableApplicationContext app = start(postgresPort)) {
            Api api = api(app);
            assertThat(new EventTable(app.getBean(JdbcTemplate.class)).count()).isEqualTo(eventsBefore);
            Api.Answer beyond = api.post("sales1", "/api/contracts/c-1/deposits", payment("pay-2", "0.01"));
            assertThat(beyond.status()).as("a deposit beyond what is required is still refused").isEqualTo(409);
            Api.Answer retry = api.post("sales1", "/api/contracts/c-1/deposits", payment("pay-1", "400.00"));
            assertThat(retry.status()).isEqualTo(201);
            assertThat(retry.body()).isEqualTo(firstDeposit.body());
            String sameBusiness = prospect("p-1", "d-1", "s-1", "sales1").replace("\"p-1\",", "\"p-2\",");
            assertThat(api.post("sales1", "/api/prospects", sameBusiness).status())
                    .as("the same business is still refused").isEqualTo(409);
            assertThat(new EventTable(app.getBean(JdbcTemplate.class)).count()).isEqualTo(eventsBefore);
        }
    }

    @Test
    void a_second_command_side_on_the_same_data_is_refused_with_a_clear_message() throws Exception {
        int postgresPort = freePort();
        try (ConfigurableApplicationContext first = start(postgresPort)) {
            assertThat(first.isActive()).isTrue();
            assertThatThrownBy(() -> start(postgresPort).close())
                    .hasStackTraceContaining("Is another Canvass command side already running on it?");
        }
    }

    private ConfigurableApplicationContext start(int postgresPort) {
        return new SpringApplicationBuilder(CommandSideApplication.class).run(
                "--server.port=0",
                "--canvass.embedded-postgres.port=" + postgresPort,
                "--canvass.embedded-postgres.data-dir=" + data.resolve("postgres"));
    }

    private static Api api(ConfigurableApplicationContext app) {
        return new Api(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
