package io.canvass.command.settlement;

import io.canvass.command.Api;
import io.canvass.command.CommandSideApplication;
import io.canvass.command.campaign.CampaignDeadlinesTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settlement flags end to end, on two command sides sharing one PostgreSQL
 * (docs/finance.md, "Flags"; docs/command-consistency.md): a cash deposit of 2 March is long past
 * its 7 days, so its UNSETTLED deadline fires one second after it is recorded (sync grace 1 s), in
 * a CASH_SLIP statement no file was imported for yet; a slip's line no payment explains is
 * UNKNOWN_RECEIPT likewise; a match clears them, a differing one is AMOUNT_DIFFERS, an undo flags
 * again. Each flag is recorded once although both instances run the deadlines. Two apps of its own
 * (not the shared {@code @EmbeddedPostgresTest} one): the flags need the whole deadline machinery
 * with a short grace, and two instances on one database.
 */
class SettlementDeadlinesTest {

    @TempDir
    Path data;

    @Test
    void each_flag_is_recorded_once_by_its_deadline_cleared_by_a_match_and_raised_again_by_an_undo() throws Exception {
        int postgresPort = CampaignDeadlinesTest.freePort();
        try (ConfigurableApplicationContext a = new SpringApplicationBuilder(CommandSideApplication.class).run(
                "--server.port=0", "--canvass.flags.sync-grace=PT1S",
                "--canvass.embedded-postgres.port=" + postgresPort,
                "--canvass.embedded-postgres.data-dir=" + data.resolve("postgres"));
             ConfigurableApplicationContext b = new SpringApplicationBuilder(CommandSideApplication.class).run(
                     "--server.port=0", "--canvass.flags.sync-grace=PT1S",
                     "--spring.datasource.url=jdbc:postgresql://localhost:" + postgresPort + "/canvass",
                     "--spring.datasource.username=canvass_app", "--spring.datasource.password=canvass_app",
                     "--spring.flyway.user=postgres", "--spring.flyway.password=",
                     "--canvass.security.demo-users=true",
                     "--canvass.audit.signing-key-file=" + data.resolve("audit-signing-key.pem"))) {
            Api first = api(a);
            Api second = api(b);
            assertThat(first.post("manager", "/api/districts", Api.district("sd", "s-1")).status()).isEqualTo(201);
            assertThat(first.post("sales1", "/api/prospects", Api.prospect("sp", "sd", "s-1", "sales1")).status())
                    .isEqualTo(201);
            for (String contract : List.of("c-1", "c-2")) {
                assertThat(first.post("sales1", "/api/contracts", Api.contract(contract, "sp", "sales1", 2, "1000.00",
                        "500.00")).status()).isEqualTo(201);
            }
            assertThat(first.post("sales1", "/api/contracts/c-1/deposits", Api.payment("dep-1", "300.00")).status())
                    .isEqualTo(201);
            assertThat(second.post("sales1", "/api/contracts/c-2/deposits", Api.payment("dep-2", "200.00")).status())
                    .isEqualTo(201);

            JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
            awaitFlags(jdbc, List.of("+UNSETTLED c-1/DEPOSIT/dep-1", "+UNSETTLED c-2/DEPOSIT/dep-2"));

            String file = "lineId,date,amount,reference\nslip-1,2026-03-02,300.00,cash of the day\n"
                    + "slip-9,2026-03-02,77.00,unknown\n";
            assertThat(second.postFile("finance", "/api/finance/statements?source=CASH_SLIP", "text/csv",
                    BodyPublishers.ofString(file, StandardCharsets.UTF_8)).status()).isEqualTo(200);
            // dep-1 is matched to slip-1 by the rules, which clears its flag; slip-1's deadline finds it matched
            awaitFlags(jdbc, List.of("+UNSETTLED c-1/DEPOSIT/dep-1", "+UNSETTLED c-2/DEPOSIT/dep-2",
                    "-UNSETTLED c-1/DEPOSIT/dep-1", "+UNKNOWN_RECEIPT slip-9"));

            String match = "{\"source\":\"CASH_SLIP\",\"payments\":[{\"contractId\":\"c-2\",\"kind\":\"DEPOSIT\","
                    + "\"paymentId\":\"dep-2\"}],\"lines\":[\"slip-9\"],\"reason\":\"the slip says 77\"}";
            Api.Answer matched = first.post("finance", "/api/finance/matches", match);
            assertThat(matched.status()).isEqualTo(201);
            String matchId = matched.field("id");
            assertThat(second.post("finance", "/api/finance/matches/" + matchId + "/undo",
                    "{\"reason\":\"another day's slip\"}").status()).isEqualTo(200);
            awaitFlags(jdbc, List.of("+UNSETTLED c-1/DEPOSIT/dep-1", "+UNSETTLED c-2/DEPOSIT/dep-2",
                    "-UNSETTLED c-1/DEPOSIT/dep-1", "+UNKNOWN_RECEIPT slip-9",
                    "-UNSETTLED c-2/DEPOSIT/dep-2", "-UNKNOWN_RECEIPT slip-9", "+AMOUNT_DIFFERS " + matchId,
                    "-AMOUNT_DIFFERS " + matchId, "+UNSETTLED c-2/DEPOSIT/dep-2", "+UNKNOWN_RECEIPT slip-9"));
        }
    }

    /**
     * Waits until the CASH_SLIP statement holds exactly these flag events, in order ({@code +} raised,
     * {@code -} cleared), then two seconds more (a deadline fired twice would add one).
     */
    private static void awaitFlags(JdbcTemplate jdbc, List<String> expected) throws InterruptedException {
        long until = System.nanoTime() + 30_000_000_000L;
        while (!flags(jdbc).equals(expected) && System.nanoTime() < until) {
            Thread.sleep(200);
        }
        Thread.sleep(2_000);
        assertThat(flags(jdbc)).isEqualTo(expected);
    }

    private static List<String> flags(JdbcTemplate jdbc) {
        return jdbc.query("select payload_type, convert_from(payload, 'UTF8') as payload from domain_event_entry"
                        + " where aggregate_identifier = 'statement:CASH_SLIP' and payload_type like 'SettlementFlag%'"
                        + " order by sequence_number",
                (row, n) -> {
                    String payload = row.getString("payload");
                    String flag = payload.replaceAll(".*\"flag\":\"([A-Z_]+)\".*", "$1");
                    String subject = switch (flag) {
                        case "UNSETTLED" -> payload.replaceAll(".*\"contractId\":\"([^\"]+)\",\"kind\":\"([A-Z]+)\","
                                + "\"paymentId\":\"([^\"]+)\".*", "$1/$2/$3");
                        case "UNKNOWN_RECEIPT" -> payload.replaceAll(".*\"lineId\":\"([^\"]+)\".*", "$1");
                        default -> payload.replaceAll(".*\"matchId\":\"([^\"]+)\".*", "$1");
                    };
                    return (row.getString("payload_type").endsWith("Raised") ? "+" : "-") + flag + " " + subject;
                });
    }

    private static Api api(ConfigurableApplicationContext app) {
        return new Api(((WebServerApplicationContext) app).getWebServer().getPort());
    }
}
