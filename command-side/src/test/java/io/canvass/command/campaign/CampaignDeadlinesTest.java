package io.canvass.command.campaign;

import io.canvass.command.Api;
import io.canvass.command.CommandSideApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deadlines in PostgreSQL: one that fell due while no command side ran fires when one starts, and
 * with two command sides on one database a deadline is recorded once. Deadlines are at the end of
 * a local day; to have one due in seconds, the branch's zone is set to the offset at which the
 * current local day ends a few seconds from now.
 */
public class CampaignDeadlinesTest {

    @TempDir
    Path data;

    /** A zone in which the local day ends {@code seconds} from now, and that day. */
    record DayEndingSoon(ZoneOffset zone, LocalDate day, Instant end) {
        static DayEndingSoon in(long seconds) {
            Instant end = Instant.now().plusSeconds(seconds).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            int secondOfDay = end.atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay();
            // local = utc + offset must be midnight at end: offset = -secondOfDay, or a day later if that is below -18h
            int offset = secondOfDay <= 18 * 3600 ? -secondOfDay : 86400 - secondOfDay;
            ZoneOffset zone = ZoneOffset.ofTotalSeconds(offset);
            return new DayEndingSoon(zone, end.minusSeconds(1).atOffset(zone).toLocalDate(), end);
        }
    }

    @Test
    void a_campaign_end_survives_a_restart_and_fires_once_with_two_command_sides() throws Exception {
        int postgresPort = freePort();
        DayEndingSoon first = DayEndingSoon.in(12);
        try (ConfigurableApplicationContext app = start(postgresPort, first.zone())) {
            assertThat(api(app).post("manager", "/api/campaigns", CampaignHttpTest.campaign("restart", "HAIR_SALON",
                    first.day().toString(), first.day().toString(), "r1")).status()).isEqualTo(201);
            assertThat(pending(app)).isEqualTo(1);
        }
        // no command side runs while the campaign's day ends
        while (Instant.now().isBefore(first.end().plusSeconds(1))) {
            Thread.sleep(200);
        }

        DayEndingSoon second = DayEndingSoon.in(15);
        try (ConfigurableApplicationContext a = start(postgresPort, second.zone())) {
            try (ConfigurableApplicationContext b = new SpringApplicationBuilder(CommandSideApplication.class).run(
                    "--server.port=0", "--canvass.zone=" + second.zone(),
                    "--spring.datasource.url=jdbc:postgresql://localhost:" + postgresPort + "/canvass",
                    "--spring.datasource.username=canvass_app", "--spring.datasource.password=canvass_app",
                    "--spring.flyway.user=postgres", "--spring.flyway.password=",
                    "--canvass.security.demo-users=true",
                    "--canvass.audit.signing-key-file=" + data.resolve("audit-signing-key.pem"))) {
                awaitEnded(a, "restart", 1);
                assertThat(api(b).post("manager", "/api/campaigns", CampaignHttpTest.campaign("two-sides", "HAIR_SALON",
                        second.day().toString(), second.day().toString(), "t1")).status()).isEqualTo(201);
                while (Instant.now().isBefore(second.end().plusSeconds(6))) {
                    Thread.sleep(200);
                }
                awaitEnded(a, "two-sides", 1);
                assertThat(pending(a)).as("every deadline done, none left to fire again").isZero();
                assertThat(ended(b, "two-sides")).isEqualTo(1);
            }
        }
    }

    private ConfigurableApplicationContext start(int postgresPort, ZoneOffset zone) {
        return new SpringApplicationBuilder(CommandSideApplication.class).run(
                "--server.port=0", "--canvass.zone=" + zone,
                "--canvass.embedded-postgres.port=" + postgresPort,
                "--canvass.embedded-postgres.data-dir=" + data.resolve("postgres"));
    }

    private static void awaitEnded(ConfigurableApplicationContext app, String campaign, int expected) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (ended(app, campaign) < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        // and no second one comes: wait two polling rounds more
        Thread.sleep(4_500);
        assertThat(ended(app, campaign)).as("CampaignEnded events of " + campaign).isEqualTo(expected);
    }

    private static long ended(ConfigurableApplicationContext app, String campaign) {
        return app.getBean(JdbcTemplate.class).queryForObject("select count(*) from domain_event_entry"
                + " where aggregate_identifier = ? and payload_type = 'CampaignEnded'", Long.class, "campaign:" + campaign);
    }

    private static long pending(ConfigurableApplicationContext app) {
        return app.getBean(JdbcTemplate.class).queryForObject("select count(*) from scheduled_tasks", Long.class);
    }

    private static Api api(ConfigurableApplicationContext app) {
        return new Api(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
