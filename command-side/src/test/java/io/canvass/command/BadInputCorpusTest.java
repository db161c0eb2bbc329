package io.canvass.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worst a client can send, at every command endpoint (issue 11): far-away field times,
 * duplicate keys, control characters and broken Unicode in every text field, counts that are not
 * integers, bad money, unknown enum values, bad ids, broken, deeply nested and oversized bodies.
 * Each is a 4xx problem+json (naming the field where there is one), never a 5xx, and writes
 * nothing to the event table.
 */
@EmbeddedPostgresTest
class BadInputCorpusTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    /** One endpoint: who may call it, its path, a valid body, and its fields by kind. */
    record Endpoint(String user, String path, String body, List<String> texts, List<String> counts, List<String> money,
                    List<String> ids, List<String> enums, List<String> dates, boolean fieldTime) {

        /** An endpoint of field work: it takes a field time (occurredAt), and no calendar date. */
        Endpoint(String user, String path, String body, List<String> texts, List<String> counts, List<String> money,
                 List<String> ids, List<String> enums) {
            this(user, path, body, texts, counts, money, ids, enums, List.of(), true);
        }
    }

    List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("manager", "/api/districts", Api.district("bi-d2", "s-1"), List.of("city", "name"),
                        List.of(), List.of(), List.of("districtId"), List.of()),
                new Endpoint("manager", "/api/districts/bi-d/streets",
                        "{\"streets\":[{\"streetId\":\"s-9\",\"name\":\"Street 9\"}],\"occurredAt\":\"2026-03-01T00:00:00Z\"}",
                        List.of(), List.of(), List.of(), List.of(), List.of()),
                new Endpoint("sales1", "/api/prospects", Api.prospect("bi-p2", "bi-d", "s-1", "sales1")
                        .replace("}", ",\"contactName\":\"Ms Li\",\"contactPhone\":\"138 0000\"}"),
                        List.of("businessName", "address", "contactName"), List.of(), List.of(),
                        List.of("prospectId", "districtId", "streetId", "salespersonId"), List.of("channel")),
                new Endpoint("sales1", "/api/contracts", Api.contract("bi-c2", "bi-p", "sales1", 2, "1000.00", "500.00"),
                        List.of(), List.of("units"), List.of("unitPrice", "depositRequired"),
                        List.of("contractId", "prospectId", "salespersonId"), List.of("kind")),
                new Endpoint("sales1", "/api/contracts/bi-c/deposits", Api.payment("bi-pay", "100.00"),
                        List.of("receiptNo"), List.of(), List.of("amount"), List.of("paymentId"), List.of("method")),
                new Endpoint("installer", "/api/contracts/bi-c2/installations", Api.installation("bi-i", 1),
                        List.of("deliveryReceiptNo"), List.of("units"), List.of(), List.of("installationId", "installerId"),
                        List.of()),
                new Endpoint("installer", "/api/contracts/bi-c2/balance-payments", Api.payment("bi-bal", "100.00"),
                        List.of("receiptNo"), List.of(), List.of("amount"), List.of("paymentId"), List.of("method")),
                new Endpoint("finance", "/api/contracts/bi-c/cancellation",
                        "{\"reason\":\"shop closed\",\"occurredAt\":\"2026-03-05T00:00:00Z\"}",
                        List.of("reason"), List.of(), List.of(), List.of(), List.of()),
                new Endpoint("finance", "/api/contracts/bi-c/payments/bi-dep/corrections",
                        "{\"correctionId\":\"bi-fix\",\"correctedAmount\":\"400.00\",\"reason\":\"typed wrong\","
                                + "\"occurredAt\":\"2026-03-05T00:00:00Z\"}",
                        List.of("reason"), List.of(), List.of("correctedAmount"), List.of("correctionId"), List.of()),
                // a manager's changes to a campaign are recorded at the server's time, on calendar dates
                new Endpoint("manager", "/api/campaigns", campaign("bi-camp2", "bi-s2"), List.of("name"),
                        List.of("dailyTarget"), List.of("netProfitPerUnit"), List.of("campaignId"), List.of("channel"),
                        List.of("startDate", "endDate"), false),
                new Endpoint("manager", "/api/campaigns/bi-camp/targets", "{\"dailyTarget\":3,\"from\":\""
                        + TOMORROW + "\",\"reason\":\"up to speed\"}", List.of("reason"), List.of("dailyTarget"),
                        List.of(), List.of(), List.of(), List.of("from"), false),
                new Endpoint("manager", "/api/campaigns/bi-camp/salespeople", "{\"salespersonId\":\"bi-s9\",\"from\":\""
                        + TOMORROW + "\"}", List.of(), List.of(), List.of(), List.of("salespersonId"), List.of(),
                        List.of("from"), false),
                new Endpoint("manager", "/api/campaigns/bi-camp/closure", "{\"reason\":\"saturated\",\"occurredAt\":\""
                        + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\"}",
                        List.of("reason"), List.of(), List.of(), List.of(), List.of()),
                // finance's matches are recorded at the server's time and name no field time
                new Endpoint("finance", "/api/finance/matches", "{\"source\":\"CASH_SLIP\",\"payments\":[{\"contractId\":"
                        + "\"bi-c\",\"kind\":\"DEPOSIT\",\"paymentId\":\"bi-dep\"}],\"lines\":[\"bi-slip\"],"
                        + "\"reason\":\"the slip's copy\"}", List.of("reason"), List.of(), List.of(), List.of("lines"),
                        List.of("source"), List.of(), false),
                new Endpoint("finance", "/api/finance/matches/CASH_SLIP-M1/undo", "{\"reason\":\"wrong slip\"}",
                        List.of("reason"), List.of(), List.of(), List.of(), List.of(), List.of(), false),
                // finance's closings are recorded at the server's time; the month is in the path (PeriodHttpTest)
                new Endpoint("finance", "/api/finance/periods/2026-01/close", "{\"reason\":\"January reported\"}",
                        List.of("reason"), List.of(), List.of(), List.of(), List.of(), List.of(), false),
                new Endpoint("finance", "/api/finance/periods/2026-01/reopen", "{\"reason\":\"a late deposit\"}",
                        List.of("reason"), List.of(), List.of(), List.of(), List.of(), List.of(), false));
    }

    static final java.time.LocalDate TODAY = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
    static final java.time.LocalDate TOMORROW = TODAY.plusDays(1);

    static String campaign(String id, String salesperson) {
        return "{\"campaignId\":\"" + id + "\",\"name\":\"Bench campaign\",\"channel\":\"HAIR_SALON\",\"startDate\":\""
                + TODAY + "\",\"endDate\":\"" + TODAY.plusDays(60) + "\",\"dailyTarget\":2,\"netProfitPerUnit\":\"460.00\","
                + "\"salespeople\":[\"" + salesperson + "\"]}";
    }

    @BeforeEach
    void history() {
        Api api = new Api(port);
        // created once per app (later tests' retries answer the same); refused requests below must not change a row
        api.post("manager", "/api/districts", Api.district("bi-d", "s-1"));
        api.post("manager", "/api/campaigns", campaign("bi-camp", "bi-s1"));
        api.post("sales1", "/api/prospects", Api.prospect("bi-p", "bi-d", "s-1", "sales1"));
        api.post("sales1", "/api/contracts", Api.contract("bi-c", "bi-p", "sales1", 2, "1000.00", "500.00"));
        api.post("sales1", "/api/contracts/bi-c/deposits", Api.payment("bi-dep", "500.00"));
        api.post("sales1", "/api/contracts", Api.contract("bi-c2", "bi-p", "sales1", 2, "1000.00", "0.00"));
    }

    /** Every bad request of the corpus: endpoint, what is wrong, the body, and the field it must name (or null). */
    record Bad(Endpoint endpoint, String what, byte[] body, String field) {
    }

    List<Bad> corpus() throws IOException {
        List<Bad> corpus = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            ObjectNode valid = (ObjectNode) JSON.readTree(e.body());
            // field times out of the window, or not times at all
            for (String time : e.fieldTime() ? List.of("-999999999-01-01T00:00:00Z", "-300000000-01-01T00:00:00Z",
                    "1999-12-31T23:59:59Z", "+999999999-12-31T23:59:59Z", "2999-01-01T00:00:00Z", "yesterday",
                    "2026-02-30T00:00:00Z") : List.<String>of()) {
                corpus.add(new Bad(e, "occurredAt " + time, with(valid, "occurredAt", JSON.getNodeFactory().textNode(time)),
                        "occurredAt"));
            }
            if (e.fieldTime()) {
                corpus.add(new Bad(e, "occurredAt as a number", with(valid, "occurredAt", JSON.getNodeFactory().numberNode(1)),
                        "occurredAt"));
            }
            // calendar dates a billion years away, before the window, years ahead, or not dates at all
            for (String date : e.dates()) {
                for (String bad : List.of("-999999999-01-01", "+1000000000-01-01", "+999999999-12-31", "1999-12-31",
                        "9999-12-31", "yesterday", "2026-02-30", "2026-03-02T00:00:00Z")) {
                    corpus.add(new Bad(e, date + " " + bad, with(valid, date, JSON.getNodeFactory().textNode(bad)), date));
                }
                corpus.add(new Bad(e, date + " as a number", with(valid, date, JSON.getNodeFactory().numberNode(1)), date));
            }
            // every field given twice, after the others and before them
            valid.fieldNames().forEachRemaining(field -> {
                String value = valid.get(field).toString();
                String body = valid.toString();
                corpus.add(new Bad(e, field + " twice, last", utf8(body.substring(0, body.length() - 1) + ",\"" + field + "\":"
                        + value + "}"), field));
                corpus.add(new Bad(e, field + " twice, first", utf8("{\"" + field + "\":" + value + "," + body.substring(1)),
                        field));
            });
            for (String text : e.texts()) {
                for (String bad : List.of("\\u0000", "\\u0001", "\\u001b[31m", "\\u007f", "\\u0085", "\\ud800", "\\udc00x")) {
                    String body = valid.toString().replace("\"" + text + "\":\"", "\"" + text + "\":\"A" + bad);
                    corpus.add(new Bad(e, text + " with " + bad, utf8(body), text));
                }
            }
            for (String count : e.counts()) {
                for (String bad : List.of("1.5", "\"2\"", "true", "1e400", "-1", "0", "99999999999", "null", "[1]", "{}")) {
                    corpus.add(new Bad(e, count + " " + bad, raw(valid, count, bad), count));
                }
            }
            for (String money : e.money()) {
                for (String bad : List.of("\"-1.00\"", "\"1.001\"", "\"ten\"", "\"1e400\"", "\"1e-999999999\"", "true", "[]",
                        "null", "\"\"", "100.00", "1e2")) {
                    corpus.add(new Bad(e, money + " " + bad, raw(valid, money, bad), money));
                }
            }
            for (String id : e.ids()) {
                for (String bad : List.of("\"\"", "\"a b\"", "\"" + "x".repeat(65) + "\"", "\"../etc\"", "\"é\"", "\"a:b\"",
                        "7", "null")) {
                    corpus.add(new Bad(e, id + " " + bad, raw(valid, id, bad), id));
                }
            }
            for (String anEnum : e.enums()) {
                for (String bad : List.of("\"NOPE\"", "\"sale\"", "3", "null")) {
                    corpus.add(new Bad(e, anEnum + " " + bad, raw(valid, anEnum, bad), anEnum));
                }
            }
            // bodies that are not this command at all
            for (String bad : List.of("", "null", "[]", "{", "{}", "\"text\"", "{\"a\":}", "{'single':'quotes'}")) {
                corpus.add(new Bad(e, "body " + bad, utf8(bad), null));
            }
            corpus.add(new Bad(e, "nested 5000 deep", utf8("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}"), null));
            corpus.add(new Bad(e, "invalid UTF-8", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, null));
        }
        return corpus;
    }

    static byte[] with(ObjectNode valid, String field, JsonNode value) {
        ObjectNode copy = valid.deepCopy();
        copy.set(field, value);
        return utf8(copy.toString());
    }

    static byte[] raw(ObjectNode valid, String field, String json) {
        ObjectNode copy = valid.deepCopy();
        copy.put(field, "__BAD__");
        return utf8(copy.toString().replace("\"__BAD__\"", json));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    HttpResponse<String> send(String user, String path, HttpRequest.BodyPublisher body, String contentType) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", contentType)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void every_bad_request_is_a_clean_4xx_naming_its_field_and_writes_nothing() throws Exception {
        List<Bad> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThan(150);
        System.out.println("bad-input corpus: " + corpus.size() + " requests");
        long rows = new EventTable(jdbc).count();
        Map<String, String> wrong = new LinkedHashMap<>();
        for (Bad bad : corpus) {
            HttpResponse<String> answer = send(bad.endpoint().user(), bad.endpoint().path(),
                    HttpRequest.BodyPublishers.ofByteArray(bad.body()), "application/json");
            String where = bad.endpoint().path() + " " + bad.what();
            if (answer.statusCode() < 400 || answer.statusCode() >= 500
                    || !answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                wrong.put(where, answer.statusCode() + " " + answer.body());
                continue;
            }
            if (bad.field() != null) {
                JsonNode fields = JSON.readTree(answer.body()).get("fields");
                if (fields == null || !fields.toString().contains("\"" + bad.field() + "\"")) {
                    wrong.put(where, "does not name " + bad.field() + ": " + answer.body());
                }
            }
        }
        assertThat(wrong).as("requests answered other than a 4xx problem naming the field").isEmpty();
        assertThat(new EventTable(jdbc).count()).as("refused requests write nothing").isEqualTo(rows);
    }

    @Test
    void bodies_over_the_limit_are_refused_with_413_whether_they_say_their_length_or_not() throws Exception {
        long rows = new EventTable(jdbc).count();
        String padding = "x".repeat(70 * 1024);
        String body = Api.payment("bi-big", "1.00").replace("}", ",\"padding\":\"" + padding + "\"}");
        HttpResponse<String> declared = send("sales1", "/api/contracts/bi-c2/deposits",
                HttpRequest.BodyPublishers.ofString(body), "application/json");
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("at most 65536 bytes");
        HttpResponse<String> chunked = send("sales1", "/api/contracts/bi-c2/deposits",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(utf8(body))), "application/json");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        byte[] fifty = new byte[50 * 1024 * 1024];
        HttpResponse<String> huge = send("sales1", "/api/contracts/bi-c2/deposits",
                HttpRequest.BodyPublishers.ofByteArray(fifty), "application/json");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(new EventTable(jdbc).count()).isEqualTo(rows);
    }

    @Test
    void a_body_that_is_not_json_is_415() throws Exception {
        HttpResponse<String> answer = send("sales1", "/api/contracts/bi-c2/deposits",
                HttpRequest.BodyPublishers.ofString(Api.payment("bi-x", "1.00")), "text/plain");
        assertThat(answer.statusCode()).isEqualTo(415);
    }

    @Test
    void a_field_time_inside_the_window_is_still_accepted() throws Exception {
        HttpResponse<String> answer = send("sales1", "/api/prospects",
                HttpRequest.BodyPublishers.ofString(Api.prospect("bi-p3", "bi-d", "s-1", "sales1").replace("2026-03-01T01:30:00Z",
                        "2000-01-01T00:00:00Z")), "application/json");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }
}
