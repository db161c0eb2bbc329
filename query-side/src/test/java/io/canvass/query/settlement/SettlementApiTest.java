package io.canvass.query.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import io.canvass.events.Money;
import io.canvass.events.settlement.StatementId;
import io.canvass.events.settlement.StatementLineId;
import io.canvass.events.settlement.StatementLineRecorded;
import io.canvass.events.settlement.StatementSource;
import io.canvass.query.platform.Freshness;
import io.canvass.query.support.EventStoreFixture;
import io.canvass.query.support.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Settlement as finance and its auditors read it, from events stored straight into a fresh store:
 * <pre>
 * BANK       b-1 2026-03-02  1380.00   b-2 2026-03-03 -400.00 (a refund)
 * WECHAT_PAY w-1 2026-03-02   200.00   w-2 2026-04-01  50.00
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "canvass.embedded-mongo.port=0", "canvass.freshness-wait=1s"})
class SettlementApiTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();
    static final Instant IMPORTED = Instant.parse("2026-04-02T02:00:00Z");

    @DynamicPropertySource
    static void eventStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EVENTS::jdbcUrl);
    }

    @LocalServerPort
    int port;
    @Autowired
    Freshness freshness;

    static void line(StatementSource source, String id, String day, String amount) {
        EVENTS.append(StatementId.of(source), "Statement", new StatementLineRecorded(source, new StatementLineId(id),
                LocalDate.parse(day), Money.parse(amount), "R-" + id, "plain", "d1", IMPORTED), "finance", "FINANCE");
    }

    @BeforeAll
    static void history() {
        line(StatementSource.BANK, "b-1", "2026-03-02", "1380.00");
        line(StatementSource.BANK, "b-2", "2026-03-03", "-400.00");
        line(StatementSource.WECHAT_PAY, "w-1", "2026-03-02", "200.00");
        line(StatementSource.WECHAT_PAY, "w-2", "2026-04-01", "50.00");
    }

    @BeforeEach
    void caughtUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> freshness.caughtUp() && freshness.position() >= EVENTS.head());
    }

    JsonNode read(String user, String path) {
        Http.Answer answer = new Http(port).get(user, path);
        assertThat(answer.status()).as(path + " " + answer.text()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void the_lines_of_a_month_are_listed_by_day_with_their_totals_in_and_out() {
        JsonNode march = read("finance", "/api/finance/statements/lines?from=2026-03-01&to=2026-03-31");
        assertThat(march.get("lines")).extracting(l -> l.get("lineId").asText()).containsExactly("b-1", "w-1", "b-2");
        assertThat(march.get("totals").get("lines").asLong()).isEqualTo(3);
        assertThat(march.get("totals").get("in").asText()).isEqualTo("1580.00");
        assertThat(march.get("totals").get("out").asText()).isEqualTo("-400.00");
        JsonNode refund = march.get("lines").get(2);
        assertThat(refund.get("amount").asText()).isEqualTo("-400.00");
        assertThat(refund.get("day").asText()).isEqualTo("2026-03-03");
        assertThat(refund.get("reference").asText()).isEqualTo("R-b-2");
        assertThat(refund.get("recordedAt").asText()).isEqualTo("2026-04-02T02:00:00Z");
        assertThat(march.get("stale").asBoolean()).isFalse();

        JsonNode wechat = read("auditor", "/api/finance/statements/lines?source=WECHAT_PAY&from=2026-03-01&to=2026-04-30");
        assertThat(wechat.get("lines")).extracting(l -> l.get("lineId").asText()).containsExactly("w-1", "w-2");
        JsonNode paged = read("finance", "/api/finance/statements/lines?from=2026-03-01&to=2026-04-30&page=1&size=3");
        assertThat(paged.get("lines")).extracting(l -> l.get("lineId").asText()).containsExactly("w-2");
        assertThat(paged.get("page").get("totalElements").asLong()).isEqualTo(4);
    }

    @Test
    void only_finance_and_auditors_read_the_statements_and_bad_parameters_are_named() {
        String path = "/api/finance/statements/lines?from=2026-03-01&to=2026-03-31";
        for (String user : new String[] {"manager", "sales1", "installer", "admin"}) {
            assertThat(new Http(port).get(user, path).status()).as(user).isEqualTo(403);
        }
        Http.Answer backwards = new Http(port).get("finance", "/api/finance/statements/lines?from=2026-03-31&to=2026-03-01");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("fields").get(0).asText()).isEqualTo("to");
        Http.Answer source = new Http(port).get("finance", path + "&source=PAYPAL");
        assertThat(source.status()).isEqualTo(400);
        assertThat(source.json().get("fields").get(0).asText()).isEqualTo("source");
    }
}
