package io.canvass.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.contract.ContractCancelled;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.contract.DepositCollected;
import io.canvass.events.contract.InstallationId;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.contract.UnitsInstalled;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.platform.KeptSpec;
import io.canvass.platform.OpenApiLint;
import io.canvass.query.engine.Freshness;
import io.canvass.query.support.EventStoreFixture;
import io.canvass.query.support.Http;
import io.canvass.query.support.Xlsx;
import io.canvass.query.export.Exports;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The query side on a real PostgreSQL event store and its embedded MongoDB, through HTTP. */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "canvass.embedded-mongo.port=0", "canvass.freshness-wait=1s"})
class QueryApiTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.get();
    static final Instant T = Instant.parse("2026-03-01T02:00:00Z");

    @DynamicPropertySource
    static void eventStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EVENTS::jdbcUrl);
    }

    @LocalServerPort
    int port;
    @Autowired
    Freshness freshness;
    @Autowired
    MongoTemplate mongo;

    @BeforeAll
    static void events() {
        DistrictId district = new DistrictId("qa-d");
        EVENTS.append(district, "District", new DistrictPlanned(district, "Harbin", "Daoli",
                List.of(new PlannedStreet(new StreetId("s-1"), "Jiefang Rd")), T), "manager", "MANAGER");
        ProspectId prospect = new ProspectId("qa-p");
        EVENTS.append(prospect, "Prospect", new ProspectRecorded(prospect, Channel.HAIR_SALON, "Lily", district,
                new StreetId("s-1"), "1 Rd", null, null, new UserId("sales1"), T), "sales1", "SALES");
        for (String id : List.of("qa-c1", "qa-c2")) {
            ContractId contract = new ContractId(id);
            EVENTS.append(contract, "Contract", new ContractSigned(contract, prospect, Channel.HAIR_SALON, district,
                    new StreetId("s-1"), new UserId("sales1"), ContractKind.SALE, 2, Money.parse("1000.00"),
                    Money.parse(id.equals("qa-c1") ? "0.00" : "10.00"), T), "sales1", "SALES");
        }
        ContractId c1 = new ContractId("qa-c1");
        EVENTS.append(c1, "Contract", new UnitsInstalled(c1, new InstallationId("i-1"), 2, new UserId("installer"),
                "D1", T.plusSeconds(3600)), "installer", "INSTALLER");
        ContractId c2 = new ContractId("qa-c2");
        EVENTS.append(c2, "Contract", new DepositCollected(c2, new PaymentId("p-1"), Money.parse("10.00"),
                PaymentMethod.CASH, "R1", T.plusSeconds(60)), "finance", "FINANCE");
        EVENTS.append(c2, "Contract", new ContractCancelled(c2, "closed", Money.parse("10.00"), T.plusSeconds(7200)),
                "finance", "FINANCE");
    }

    void caughtUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> freshness.caughtUp() && freshness.position() >= EVENTS.head());
    }

    @ParameterizedTest(name = "{0} GET {1} -> {2}")
    @CsvSource({
            "sales1, /api/coverage/districts, 200",
            "sales1, /api/quota/daily?date=2026-03-01, 200",
            "sales1, /api/profit/channels?from=2026-03-01&to=2026-03-31, 403",
            "sales1, /api/finance/reconciliation?asOf=2026-03-31, 403",
            "sales1, /api/audit/contracts/qa-c1/history, 403",
            "manager, /api/profit/channels?from=2026-03-01&to=2026-03-31, 200",
            "manager, /api/finance/reconciliation?asOf=2026-03-31, 200",
            "manager, /api/audit/contracts/qa-c1/history, 403",
            "finance, /api/profit/channels?from=2026-03-01&to=2026-03-31, 200",
            "finance, /api/finance/reconciliation?asOf=2026-03-31, 200",
            "finance, /api/coverage/districts, 403",
            "auditor, /api/finance/reconciliation?asOf=2026-03-31, 200",
            "finance, /api/finance/periods/2026-03, 200",
            "auditor, /api/finance/periods/2026-03, 200",
            "manager, /api/finance/periods/2026-03, 403",
            "sales1, /api/finance/periods/2026-03, 403",
            "auditor, /api/audit/contracts/qa-c1/history, 200",
            "auditor, /api/audit/contracts/qa-c1, 200",
            "auditor, /api/quota/daily?date=2026-03-01, 403",
            "sales1, /api/quota/salespeople/sales1?from=2026-03-01&to=2026-03-02, 200",
            "sales1, /api/quota/salespeople/sales2?from=2026-03-01&to=2026-03-02, 403",
            "manager, /api/quota/salespeople/sales2?from=2026-03-01&to=2026-03-02, 200",
            "sales1, /api/coverage/prospects, 200",
            "sales1, /api/coverage/prospects?salespersonId=sales2, 403",
            "manager, /api/coverage/prospects?salespersonId=sales2, 200",
            "finance, /api/coverage/prospects, 403",
            "auditor, /api/audit/verify, 200",
            "admin, /api/audit/verify, 200",
            "admin, /api/audit/verify/stream, 200",
            "finance, /api/audit/verify/stream, 403",
            "finance, /api/audit/verify, 403",
            "auditor, /api/audit/contracts/qa-c1/verify, 200",
            "admin, /api/audit/contracts/qa-c1/verify, 200",
            "manager, /api/audit/contracts/qa-c1/verify, 403",
            "auditor, /api/audit/export, 200",
            "admin, /api/audit/export?from=0&to=3, 200",
            "manager, /api/audit/export, 403",
            "sales1, /api/audit/digest, 403",
            "auditor, /api/audit/chain, 200",
            "admin, /api/audit/chain, 200",
            "finance, /api/audit/chain, 403",
            "auditor, /api/audit/contracts?businessName=Li, 200",
            "manager, /api/audit/contracts?businessName=Li, 403",
            "admin, /api/audit/contracts/qa-c1/history, 403",
            "installer, /api/coverage/districts, 403",
            "admin, /api/admin/processors, 200",
            "auditor, /api/admin/processors, 403",
    })
    void roles_read_what_api_md_allows(String user, String path, int status) {
        assertThat(new Http(port).get(user, path).status()).isEqualTo(status);
    }

    @Test
    void nobody_reads_without_signing_in_but_probes_are_open() {
        Http http = new Http(port);
        assertThat(http.get(null, "/api/coverage/districts").status()).isEqualTo(401);
        assertThat(http.get(null, "/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(http.get(null, "/actuator/prometheus", "text/plain").status()).isEqualTo(401);
        assertThat(http.get("manager", "/actuator/prometheus", "text/plain").status()).isEqualTo(403);
        assertThat(http.get("admin", "/actuator/prometheus", "text/plain").status()).isEqualTo(200);
        assertThat(http.get(null, "/v3/api-docs").status()).isEqualTo(200);
    }

    @Test
    void readiness_reports_up_once_the_read_models_caught_up() {
        caughtUp();
        Http.Answer readiness = new Http(port).get(null, "/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void an_answer_says_what_it_reflects_and_waits_for_a_position() {
        caughtUp();
        long head = EVENTS.head();
        JsonNode fresh = new Http(port).get("manager", "/api/coverage/districts?minPosition=" + head).json();
        assertThat(fresh.get("stale").asBoolean()).isFalse();
        assertThat(fresh.get("asOf").get("position").asLong()).isEqualTo(head);
        assertThat(fresh.get("asOf").get("recordedAt").asText()).endsWith("Z");
        JsonNode stale = new Http(port).get("manager", "/api/coverage/districts?minPosition=" + (head + 1000)).json();
        assertThat(stale.get("stale").asBoolean()).isTrue();
        // a write of one's own: the event at that position
        assertThat(new Http(port).get("manager", "/api/coverage/districts?afterWrite=" + head).json()
                .get("stale").asBoolean()).isFalse();
        assertThat(new Http(port).get("manager", "/api/coverage/districts?afterWrite=" + (head + 1000)).json()
                .get("stale").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource({
            "/api/quota/daily, date",
            "/api/quota/daily?date=yesterday, date",
            "/api/quota/salespeople/sales1?from=2026-03-02&to=2026-03-01, to",
            "/api/profit/channels?from=2026-03-01, to",
            "/api/finance/reconciliation?channel=BARBER, channel",
            "/api/finance/reconciliation?size=0, size",
            "/api/coverage/districts?minPosition=-1, minPosition",
            "/api/coverage/districts?afterWrite=-1, afterWrite",
    })
    void a_bad_parameter_is_a_400_that_names_it(String path, String field) {
        Http.Answer answer = new Http(port).get("manager", path);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("fields").get(0).asText()).isEqualTo(field);
    }

    /**
     * The worst a dashboard or a script can ask (issue 11): dates a billion years away or outside
     * the supported window, malformed dates and instants, bad paging, unknown enum values, bad ids.
     * Every one is a 4xx problem+json naming the parameter where there is one, never a 5xx.
     */
    @Test
    void a_corpus_of_bad_parameters_gets_only_4xx_naming_them() {
        List<String[]> corpus = new ArrayList<>();
        List<String> badDates = List.of("%2B999999999-12-31", "-999999999-01-01", "1999-12-31", "3000-01-01", "2026-02-30",
                "2026-3-1", "20260301", "yesterday", "%00", "2026-03-01T00:00:00Z");
        for (String date : badDates) {
            corpus.add(new String[] {"manager", "/api/quota/daily?date=" + date, "date"});
            corpus.add(new String[] {"manager", "/api/quota/salespeople/sales1?from=" + date + "&to=2026-03-31", "from"});
            corpus.add(new String[] {"manager", "/api/quota/salespeople/sales1?from=2026-03-01&to=" + date, "to"});
            corpus.add(new String[] {"manager", "/api/profit/channels?from=" + date + "&to=2026-03-31", "from"});
            corpus.add(new String[] {"manager", "/api/finance/reconciliation?asOf=" + date, "asOf"});
        }
        for (String instant : List.of("%2B999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "1999-12-31T23:59:59Z",
                "3000-01-01T00:00:00Z", "2026-03-01", "now")) {
            corpus.add(new String[] {"auditor", "/api/audit/contracts/qa-c1?asOf=" + instant, "asOf"});
        }
        for (String paging : List.of("page=-1", "size=0", "size=100000", "page=99999999999", "size=abc", "page=1.5")) {
            corpus.add(new String[] {"manager", "/api/coverage/districts?" + paging, paging.substring(0, paging.indexOf('='))});
            corpus.add(new String[] {"manager", "/api/finance/reconciliation?asOf=2026-03-31&" + paging,
                    paging.substring(0, paging.indexOf('='))});
        }
        for (String position : List.of("-1", "abc", "1.5", "99999999999999999999")) {
            corpus.add(new String[] {"manager", "/api/coverage/districts?minPosition=" + position, "minPosition"});
            corpus.add(new String[] {"manager", "/api/profit/channels?from=2026-03-01&to=2026-03-31&afterWrite=" + position,
                    "afterWrite"});
        }
        for (String channel : List.of("BARBER", "hair_salon", "0", "%00")) {
            corpus.add(new String[] {"manager", "/api/finance/reconciliation?asOf=2026-03-31&channel=" + channel, "channel"});
        }
        corpus.add(new String[] {"manager", "/api/quota/salespeople/sales1?from=2000-01-01&to=2999-12-31", "to"});
        for (String month : List.of("2026-13", "2026-00", "%2B1000000000-01", "-999999999-01", "1999-12", "3000-01",
                "2026-3", "march", "2026-03-01", "%20")) {
            corpus.add(new String[] {"finance", "/api/finance/periods/" + month, "month"});
        }
        corpus.add(new String[] {"finance", "/api/finance/periods/2026-03%00", null});
        corpus.add(new String[] {"finance", "/api/finance/periods/2026-03?minPosition=-1", "minPosition"});
        for (String id : List.of("a%20b", "x".repeat(65), "%00", "..", "a:b")) {
            corpus.add(new String[] {"manager", "/api/coverage/districts/" + id, null});
            corpus.add(new String[] {"auditor", "/api/audit/contracts/" + id + "/history", null});
            corpus.add(new String[] {"auditor", "/api/audit/contracts/" + id + "?asOf=2026-03-01T00:00:00Z", null});
            corpus.add(new String[] {"manager", "/api/quota/salespeople/" + id + "?from=2026-03-01&to=2026-03-02", null});
        }
        assertThat(corpus).hasSizeGreaterThan(64);
        System.out.println("bad-parameter corpus: " + corpus.size() + " requests");
        Map<String, String> wrong = new LinkedHashMap<>();
        Http http = new Http(port);
        for (String[] bad : corpus) {
            Http.Answer answer = http.get(bad[0], bad[1]);
            if (answer.status() < 400 || answer.status() >= 500) {
                // a well-formed id nobody knows, or an empty page, is an answer too; only 5xx and lies are wrong
                if (bad[2] != null || answer.status() >= 500) {
                    wrong.put(bad[1], answer.status() + " " + answer.text());
                }
                continue;
            }
            if (!answer.contentType().startsWith("application/problem+json")) {
                wrong.put(bad[1], "not problem+json: " + answer.contentType());
            } else if (bad[2] != null && (answer.json().get("fields") == null
                    || !answer.json().get("fields").toString().contains("\"" + bad[2] + "\""))) {
                wrong.put(bad[1], "does not name " + bad[2] + ": " + answer.text());
            }
        }
        assertThat(wrong).as("answered other than a 4xx problem naming the parameter").isEmpty();
    }

    /** The published OpenAPI document passes the lint rules (issue 17), and Swagger UI is served. */
    @Test
    void the_published_spec_has_no_lint_error_and_swagger_ui_is_served() {
        Http.Answer spec = new Http(port).get(null, "/v3/api-docs");
        assertThat(spec.status()).isEqualTo(200);
        // kept with the build, for a dashboard team to generate a client from
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "openapi"));
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "openapi", "query-side.json"), spec.text());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(OpenApiLint.problems(spec.text())).isEmpty();
        assertThat(KeptSpec.difference("query-side", spec.text())).isNull();
        assertThat(spec.text()).contains("\"title\":\"Canvass query side\"", "\"basicAuth\"", "text/csv",
                "\"ReconciliationTotals\"", "\"QuotaTotals\"");
        assertThat(new Http(port).get(null, "/swagger-ui/index.html", "text/html").text()).contains("Swagger UI");
    }

    /** Content negotiation of reconciliation by quality and order, and never a 5xx for a strange Accept header. */
    @Test
    void reconciliation_negotiates_json_or_csv_and_survives_any_accept_header() {
        caughtUp();
        Http http = new Http(port);
        String path = "/api/finance/reconciliation?asOf=2026-03-31";
        assertThat(http.get("finance", path, "application/json, text/csv").contentType()).startsWith("application/json");
        assertThat(http.get("finance", path, "text/csv, application/json;q=0.5").contentType()).startsWith("text/csv");
        String many = String.join(", ", java.util.Collections.nCopies(80, "text/plain;q=0.1")) + ", text/csv";
        for (String accept : List.of(many, "not a media type", "text/csv;q=x", "*/*")) {
            assertThat(http.get("finance", path, accept).status()).as(accept).isBetween(200, 499);
            assertThat(http.get("manager", "/api/coverage/districts", accept).status()).as(accept).isBetween(200, 499);
        }
    }

    @Test
    void unknown_ids_are_404() {
        Http http = new Http(port);
        assertThat(http.get("manager", "/api/coverage/districts/nowhere").status()).isEqualTo(404);
        assertThat(http.get("auditor", "/api/audit/contracts/none/history").status()).isEqualTo(404);
        assertThat(http.get("auditor", "/api/audit/contracts/qa-c1?asOf=2000-01-01T00:00:00Z").status()).isEqualTo(404);
    }

    @Test
    void reconciliation_comes_as_csv_with_the_same_figures() {
        caughtUp();
        Http http = new Http(port);
        JsonNode json = http.get("finance", "/api/finance/reconciliation?asOf=2026-03-31&salespersonId=sales1").json();
        Http.Answer csv = http.get("finance", "/api/finance/reconciliation?asOf=2026-03-31&salespersonId=sales1", "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> lines = csv.text().lines().toList();
        assertThat(lines.get(0)).startsWith("contractId,channel,salespersonId,status,contractValue");
        assertThat(lines).hasSize(1 + json.get("contracts").size());
        assertThat(lines.get(1)).isEqualTo("\"qa-c1\",HAIR_SALON,\"sales1\",INSTALLED,2000.00,0.00,0.00,2000.00,0.00,0.00,2000.00,,0.00,0.00");
        assertThat(lines.get(2)).isEqualTo("\"qa-c2\",HAIR_SALON,\"sales1\",CANCELLED,2000.00,10.00,10.00,1990.00,0.00,10.00,0.00,,0.00,0.00");
    }

    /** Reconciliation as the workbook finance opens (docs/finance.md, "Exports"): the report's figures, as numbers. */
    @Test
    void reconciliation_comes_as_a_workbook_whose_totals_are_the_reports() {
        caughtUp();
        Http http = new Http(port);
        String query = "?asOf=2026-03-31&salespersonId=sales1";
        JsonNode json = http.ok("finance", "/api/finance/reconciliation" + query);
        Http.Download file = http.download("manager", "/api/finance/reconciliation/xlsx" + query, "*/*");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"reconciliation-2026-03-31.xlsx\"");
        Xlsx xlsx = new Xlsx(file.body());
        assertThat(xlsx.sheetNames()).containsExactly("Summary", "contracts", "byChannel", "bySalesperson");
        assertThat(xlsx.rows("contracts")).isEqualTo(1 + json.get("contracts").size() + 1);
        // the report's totals, not the column's sums: the cancelled qa-c2's value is not counted
        for (String figure : List.of("contractValue", "depositRequired", "depositCollected", "balanceDue",
                "balanceCollected", "refunded", "outstanding")) {
            assertThat(xlsx.money("contracts", "Total", figure)).as(figure)
                    .isEqualByComparingTo(json.get("totals").get(figure).asText());
            assertThat(xlsx.money("byChannel", "HAIR_SALON", figure)).as(figure)
                    .isEqualByComparingTo(json.get("byChannel").get("HAIR_SALON").get(figure).asText());
        }
        assertThat(xlsx.money("contracts", "Total", "contractValue")).isEqualByComparingTo("2000.00");
        assertThat(xlsx.money("Summary", "totals.collected", "value"))
                .isEqualByComparingTo(json.get("totals").get("collected").asText());
        assertThat(xlsx.money("contracts", "qa-c2", "refunded")).isEqualByComparingTo("10.00");
        assertThat(xlsx.cell("contracts", "qa-c2", "status").getStringCellValue()).isEqualTo("CANCELLED");
        assertThat(xlsx.frozenBelowHeader("contracts")).isTrue();

        String path = "/api/finance/reconciliation" + query;
        assertThat(http.download("finance", path, Exports.XLSX).contentType()).isEqualTo(Exports.XLSX);
        assertThat(http.download("finance", path + "&format=xlsx", "application/json").contentType()).isEqualTo(Exports.XLSX);
        assertThat(http.download("finance", path, "text/csv, " + Exports.XLSX + ";q=0.9").contentType()).startsWith("text/csv");
        assertThat(http.download("finance", path, "application/json, " + Exports.XLSX).contentType())
                .startsWith("application/json");
        assertThat(http.download("sales1", "/api/finance/reconciliation/xlsx" + query, "*/*").status()).isEqualTo(403);
    }

    /**
     * The CSV's own operation (issue 29: one shape per operation) answers the same CSV whatever the
     * Accept header, and the Accept: text/csv of the JSON operation still does (kept for the clients
     * that ask so).
     */
    @Test
    void reconciliation_csv_has_an_operation_of_its_own() {
        caughtUp();
        Http http = new Http(port);
        String query = "?asOf=2026-03-31&salespersonId=sales1";
        Http.Answer negotiated = http.get("finance", "/api/finance/reconciliation" + query, "text/csv");
        for (String accept : List.of("text/csv", "*/*", "application/json, text/csv")) {
            Http.Answer own = http.get("finance", "/api/finance/reconciliation/csv" + query, accept);
            assertThat(own.status()).as(accept).isEqualTo(200);
            assertThat(own.contentType()).as(accept).startsWith("text/csv");
            assertThat(own.text()).as(accept).isEqualTo(negotiated.text());
        }
        assertThat(http.get("sales1", "/api/finance/reconciliation/csv" + query, "text/csv").status()).isEqualTo(403);
    }

    @Test
    void the_audit_history_is_complete_ordered_and_chained() {
        Http http = new Http(port);
        JsonNode history = http.get("auditor", "/api/audit/contracts/qa-c2/history").json();
        JsonNode events = history.get("events");
        assertThat(events).hasSize(3);
        assertThat(events.get(0).get("type").asText()).isEqualTo("ContractSigned");
        assertThat(events.get(2).get("type").asText()).isEqualTo("ContractCancelled");
        assertThat(events.get(2).get("metadata").get("userId").asText()).isEqualTo("finance");
        assertThat(events.get(2).get("payload").get("refunded").asText()).isEqualTo("10.00");
        assertThat(events.get(1).get("occurredAt").asText()).isEqualTo("2026-03-01T02:01:00Z");
        assertThat(events.get(1).get("recordedAt").asText()).isNotEqualTo(events.get(1).get("occurredAt").asText());
        assertThat(history.get("headHash").asText()).isEqualTo(events.get(2).get("chainHash").asText())
                .isEqualTo(http.get("auditor", "/api/audit/contracts/qa-c2/history").json().get("headHash").asText());

        Instant signed = Instant.parse(events.get(0).get("recordedAt").asText());
        JsonNode atSigning = http.get("auditor", "/api/audit/contracts/qa-c2?asOf=" + signed).json();
        assertThat(atSigning.get("status").asText()).isEqualTo("SIGNED");
        assertThat(atSigning.get("depositCollected").asText()).isEqualTo("0.00");
        Instant afterDeposit = Instant.parse(events.get(1).get("recordedAt").asText());
        JsonNode then = http.get("auditor", "/api/audit/contracts/qa-c2?asOf=" + afterDeposit).json();
        assertThat(then.get("status").asText()).isEqualTo("DEPOSIT_PAID");
        assertThat(then.get("depositCollected").asText()).isEqualTo("10.00");
        JsonNode now = http.get("auditor", "/api/audit/contracts/qa-c2").json();
        assertThat(now.get("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void the_chain_verifies_streams_its_progress_and_exports_what_it_checked() {
        Http http = new Http(port);
        JsonNode verification = http.get("auditor", "/api/audit/verify").json();
        assertThat(verification.get("ok").asBoolean()).as(verification.toString()).isTrue();
        long head = EVENTS.head();
        assertThat(verification.get("headPosition").asLong()).isGreaterThanOrEqualTo(head);

        Http.Answer streamed = http.get("auditor", "/api/audit/verify", "application/x-ndjson");
        assertThat(streamed.status()).isEqualTo(200);
        List<String> progress = streamed.text().lines().toList();
        assertThat(progress.get(progress.size() - 1)).contains("\"ok\":true");
        // its own operation (issue 29), whatever the Accept header
        List<String> own = http.get("auditor", "/api/audit/verify/stream", "*/*").text().lines().toList();
        assertThat(own.get(own.size() - 1)).contains("\"ok\":true", "\"headPosition\"");

        Http.Answer export = http.get("auditor", "/api/audit/export?to=" + head, "application/x-ndjson");
        assertThat(export.status()).isEqualTo(200);
        List<String> lines = export.text().lines().toList();
        assertThat(lines.get(0)).contains("\"format\":\"canvass-audit-export/1\"").contains("\"to\":" + head);
        assertThat(lines.stream().filter(l -> l.startsWith("{\"kind\":\"event\"")).count())
                .isEqualTo(EVENTS.count(head));
        JsonNode proof = http.get("auditor", "/api/audit/contracts/qa-c2/verify").json();
        assertThat(proof.get("ok").asBoolean()).as(proof.toString()).isTrue();
        assertThat(proof.get("events")).hasSize(3);

        assertThat(http.get("auditor", "/api/audit/export?from=-1").status()).isEqualTo(400);
        assertThat(http.get("auditor", "/api/audit/export?from=5&to=4").text()).contains("\"to\"");
        assertThat(http.get("auditor", "/api/audit/export?from=x").status()).isEqualTo(400);
        assertThat(http.get("auditor", "/api/audit/contracts/none/verify").status()).isEqualTo(404);
    }

    @Test
    void an_auditor_finds_contracts_by_the_beginning_of_a_business_name() {
        caughtUp();
        Http http = new Http(port);
        JsonNode found = http.get("auditor", "/api/audit/contracts?businessName=Li").json();
        assertThat(found.get("prospects")).hasSize(1);
        assertThat(found.get("prospects").get(0).get("prospectId").asText()).isEqualTo("qa-p");
        assertThat(found.get("prospects").get(0).get("contractIds").toString()).isEqualTo("[\"qa-c1\",\"qa-c2\"]");
        assertThat(found.get("page").get("totalElements").asLong()).isEqualTo(1);
        // a prefix, as written: not a pattern, not the middle of a name, not another case
        assertThat(http.get("auditor", "/api/audit/contracts?businessName=.*").json().get("prospects")).isEmpty();
        assertThat(http.get("auditor", "/api/audit/contracts?businessName=ily").json().get("prospects")).isEmpty();
        assertThat(http.get("auditor", "/api/audit/contracts?businessName=li").json().get("prospects")).isEmpty();
        assertThat(http.get("auditor", "/api/audit/contracts?businessName=%20").text()).contains("businessName");
        assertThat(http.get("auditor", "/api/audit/contracts").status()).isEqualTo(400);
        assertThat(http.get("auditor", "/api/audit/contracts?businessName=Li&size=501").status()).isEqualTo(400);
    }

    @Test
    void a_salesperson_reads_their_own_prospects_with_their_live_contracts_and_no_personal_data() {
        caughtUp();
        JsonNode mine = new Http(port).get("sales1", "/api/coverage/prospects").json();
        assertThat(mine.get("salespersonId").asText()).isEqualTo("sales1");
        JsonNode lily = null;
        for (JsonNode prospect : mine.get("prospects")) {
            assertThat(prospect.get("salespersonId").asText()).isEqualTo("sales1");
            if (prospect.get("prospectId").asText().equals("qa-p")) {
                lily = prospect;
            }
        }
        assertThat(lily).isNotNull();
        assertThat(lily.get("businessName").asText()).isEqualTo("Lily");
        assertThat(lily.get("recordedOn").asText()).isEqualTo("2026-03-01");
        // qa-c1 is live (2 units), qa-c2 was cancelled
        assertThat(lily.get("contracts").asInt()).isEqualTo(1);
        assertThat(lily.get("unitsSigned").asInt()).isEqualTo(2);
        assertThat(lily.has("contactName")).isFalse();
        assertThat(new Http(port).get("sales1", "/api/coverage/prospects?districtId=bad%20id").status()).isEqualTo(400);
    }

    /** The web page's sign-in: pages redirect to it, the API still answers 401, each view by the API's roles. */
    @Test
    void the_web_page_signs_in_with_a_session_and_opens_the_views_a_role_may() throws Exception {
        java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager()).followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        java.util.function.Function<String, java.net.http.HttpResponse<String>> get = path -> {
            try {
                return browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                        .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(get.apply("/profit").statusCode()).isEqualTo(302);
        assertThat(get.apply("/profit").headers().firstValue("Location").orElseThrow()).endsWith("/login");
        assertThat(get.apply("/api/profit/channels?from=2026-03-01&to=2026-03-31").statusCode()).isEqualTo(401);
        assertThat(get.apply("/login").body()).contains("id=\"login-form\"");
        assertThat(get.apply("/assets/app.js").statusCode()).isEqualTo(200);
        assertThat(get.apply("/webjars/echarts/5.3.1/dist/echarts.min.js").statusCode()).isEqualTo(200);
        assertThat(get.apply("/locale.js").body()).contains("zh-CN");

        java.util.function.BiFunction<String, String, java.net.http.HttpResponse<String>> signIn = (user, password) -> {
            try {
                return browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(signIn.apply("sales1", "wrong").headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        java.net.http.HttpResponse<String> signedIn = signIn.apply("sales1", "demo");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().allValues("Set-Cookie")).anyMatch(cookie -> cookie.startsWith("CANVASS_SESSION=")
                && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        assertThat(get.apply("/quota").statusCode()).isEqualTo(200);
        assertThat(get.apply("/quota").body()).contains("/assets/app.js").contains("/assets/icon.svg");
        // the icon a browser asks for where a page names none (the HTML 403 page): there, not a 404
        assertThat(get.apply("/favicon.ico").statusCode()).isEqualTo(200);
        assertThat(get.apply("/favicon.ico").body()).startsWith("<svg");
        java.net.http.HttpResponse<String> finance = get.apply("/reconciliation");
        assertThat(finance.statusCode()).isEqualTo(403);
        assertThat(finance.body()).contains("id=\"forbidden\"");
        assertThat(get.apply("/api/finance/reconciliation?asOf=2026-03-31").statusCode()).isEqualTo(403);
        assertThat(get.apply("/api/quota/daily?date=2026-03-01").statusCode()).isEqualTo(200);
        JsonNode me = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get.apply("/api/me").body());
        assertThat(me.get("userId").asText()).isEqualTo("sales1");
        assertThat(me.get("views").toString()).isEqualTo("[\"quota\",\"coverage\"]");
        assertThat(me.get("locale").asText()).isEqualTo("zh-CN");
        assertThat(me.get("commandUrl").isNull()).as("no canvass.command-url: the page sends no commands").isTrue();
        // signed out, the session no longer opens anything
        browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/logout"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(get.apply("/quota").statusCode()).isEqualTo(302);
        assertThat(get.apply("/api/me").statusCode()).isEqualTo(401);
    }

    @Test
    void the_chain_state_says_where_the_chain_stands_and_when_it_was_last_verified() {
        caughtUp();
        Http http = new Http(port);
        JsonNode verified = http.get("auditor", "/api/audit/verify").json();
        JsonNode chain = http.get("auditor", "/api/audit/chain").json();
        assertThat(chain.get("head").asLong()).isGreaterThanOrEqualTo(EVENTS.head());
        assertThat(chain.get("sealedHead").asLong()).isLessThanOrEqualTo(chain.get("head").asLong());
        assertThat(chain.get("unsealedEvents").asLong()).isBetween(0L, chain.get("head").asLong() + 1);
        // this instance's last verification: the one just asked for, or one finished after it
        assertThat(chain.get("lastVerification").get("finishedAt").asText())
                .isGreaterThanOrEqualTo(verified.get("finishedAt").asText());
        assertThat(chain.get("lastVerification").get("ok").asBoolean()).isEqualTo(verified.get("ok").asBoolean());
        assertThat(chain.has("latestDigest")).isTrue();
    }

    @Test
    void a_rebuild_from_the_events_gives_the_same_read_models() {
        caughtUp();
        Map<String, List<Document>> before = dump();
        assertThat(before.get("contracts")).isNotEmpty();
        Http.Answer rebuild = new Http(port).post("admin", "/api/admin/rebuild");
        assertThat(rebuild.status()).isEqualTo(202);
        int generation = rebuild.json().get("rebuild").get("generation").asInt();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
            JsonNode status = new Http(port).get("admin", "/api/admin/processors").json();
            return !status.has("rebuild") && status.get("generation").asInt() == generation;
        });
        caughtUp();
        assertThat(dump()).isEqualTo(before);
    }

    Map<String, List<Document>> dump() {
        return io.canvass.query.engine.ProjectionsTest.dump(mongo);
    }
}
