package io.canvass.command.settlement;

import io.canvass.command.Api;
import io.canvass.command.EmbeddedPostgresTest;
import io.canvass.command.EventTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statement files over HTTP on the real database: recorded once, refused whole with every reason,
 * bounded in size, for finance only. The statements of the sources are shared by the test classes,
 * so each test's lines carry ids of their own.
 */
@EmbeddedPostgresTest
class StatementImportHttpTest {

    static final String CSV = "text/csv";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Api api;
    EventTable events;
    String run;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        events = new EventTable(jdbc);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    Api.Answer post(String user, String query, String contentType, byte[] body) {
        return api.postFile(user, "/api/finance/statements?" + query, contentType, BodyPublishers.ofByteArray(body));
    }

    String plain(String... lines) {
        return "lineId,date,amount,reference\n" + String.join("\n", lines) + "\n";
    }

    @Test
    void a_file_is_recorded_once_and_the_same_file_again_records_nothing_new() {
        byte[] file = plain("c1-" + run + ",2026-03-02,100.00,R-1", "c2-" + run + ",2026-03-02,-40.00,refund R-0")
                .getBytes(StandardCharsets.UTF_8);
        long before = events.count("statement:CASH_SLIP");
        Api.Answer first = post("finance", "source=CASH_SLIP", CSV, file);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("recorded").asInt()).isEqualTo(2);
        assertThat(first.body().get("alreadyKnown").asInt()).isZero();
        assertThat(first.body().get("refused")).isEmpty();
        assertThat(first.field("id")).isEqualTo("CASH_SLIP");
        assertThat(first.body().get("position").asLong()).isPositive();
        assertThat(events.count("statement:CASH_SLIP")).isEqualTo(before + 2);

        Api.Answer again = post("finance", "source=CASH_SLIP", "text/csv;charset=UTF-8", file);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("recorded").asInt()).isZero();
        assertThat(again.body().get("alreadyKnown").asInt()).isEqualTo(2);
        assertThat(again.field("fileDigest")).isEqualTo(first.field("fileDigest"));
        assertThat(events.count("statement:CASH_SLIP")).isEqualTo(before + 2);
        assertThat(events.rows("statement:CASH_SLIP")).extracting(row -> row.get("payload_type"))
                .containsOnly("StatementLineRecorded");
    }

    @Test
    void the_same_file_sent_four_times_at_once_records_each_line_once() throws Exception {
        StringBuilder file = new StringBuilder("lineId,date,amount,reference\n");
        for (int i = 0; i < 50; i++) {
            file.append("cc").append(i).append('-').append(run).append(",2026-03-03,").append(7000 + i).append(".01,x\n");
        }
        byte[] body = file.toString().getBytes(StandardCharsets.UTF_8);
        long before = events.count("statement:ALIPAY");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Api.Answer>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(pool.submit(() -> post("finance", "source=ALIPAY", CSV, body)));
            }
            int recorded = 0;
            for (java.util.concurrent.Future<Api.Answer> answer : sent) {
                Api.Answer got = answer.get();
                assertThat(got.status()).as("recorded, or told to retry a concurrent change").isIn(200, 409);
                recorded += got.status() == 200 ? got.body().get("recorded").asInt() : 0;
            }
            assertThat(recorded).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
        assertThat(events.count("statement:ALIPAY") - before).isEqualTo(50);
    }

    @Test
    void a_gbk_bank_export_is_read_with_its_layouts_charset() {
        String export = StatementFileTest.BANK.replace("B2026", run + "-B2026");
        Api.Answer answer = post("finance", "source=BANK&layout=cn-bank", CSV,
                export.getBytes(StatementFileTest.GBK));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("recorded").asInt()).isEqualTo(2);
        assertThat(answer.body().get("skipped")).hasSize(4);
        assertThat(events.rows("statement:BANK").toString()).contains(run + "-B20260302001", "转账存入 R-1001 deposit")
                .doesNotContain("李四");
    }

    @Test
    void a_file_with_a_bad_line_records_nothing_and_lists_every_refusal() {
        long before = events.count();
        Api.Answer answer = post("finance", "source=CASH_SLIP", CSV, plain("g-" + run + ",2026-03-02,100.00,fine",
                "b1-" + run + ",2026-03-02,12.345,bad amount", "b2-" + run + ",yesterday,1.00,bad day")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().get("refused")).hasSize(2);
        assertThat(answer.body().get("refused").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(answer.body().get("refused").get(1).get("reason").asText()).contains("'yesterday' is not a date");
        assertThat(answer.body().get("fields").get(0).asText()).isEqualTo("body");
        assertThat(events.count()).as("nothing half-imported").isEqualTo(before);
    }

    @Test
    void a_line_id_known_with_another_amount_is_a_conflict_and_records_nothing() {
        assertThat(post("finance", "source=ALIPAY", CSV, plain("k-" + run + ",2026-03-02,100.00,R-1")
                .getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        long before = events.count();
        Api.Answer answer = post("finance", "source=ALIPAY", CSV, plain("n-" + run + ",2026-03-02,5.00,new",
                "k-" + run + ",2026-03-02,100.01,R-1").getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.field("detail")).contains("line 3: line id k-" + run + " is recorded already");
        assertThat(events.count()).isEqualTo(before);
    }

    @Test
    void broken_requests_are_clean_4xx_naming_what_is_wrong() {
        byte[] file = plain("x-" + run + ",2026-03-02,1.00,a").getBytes(StandardCharsets.UTF_8);
        long before = events.count();
        assertThat(post("finance", "source=PAYPAL", CSV, file).body().get("fields").get(0).asText()).isEqualTo("source");
        assertThat(post("finance", "layout=plain", CSV, file).body().get("fields").get(0).asText()).isEqualTo("source");
        Api.Answer layout = post("finance", "source=BANK&layout=wechat-merchant", CSV, file);
        assertThat(layout.status()).isEqualTo(400);
        assertThat(layout.field("detail")).contains("[plain, cn-bank]");
        Api.Answer charset = post("finance", "source=BANK", "text/csv;charset=KLINGON", file);
        assertThat(charset.status()).as("a charset nobody knows: not a content type we take").isEqualTo(415);
        assertThat(charset.contentType()).startsWith("application/problem+json");
        Api.Answer empty = post("finance", "source=BANK", CSV, new byte[0]);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().get("refused").get(0).get("reason").asText()).isEqualTo("the file is empty");
        Api.Answer json = post("finance", "source=BANK", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(json.status()).isEqualTo(415);
        assertThat(json.contentType()).startsWith("application/problem+json");
        assertThat(post("finance", "source=BANK", "text/plain", "{}".getBytes(StandardCharsets.UTF_8)).status())
                .as("a text that is not a statement").isEqualTo(400);
        assertThat(events.count()).isEqualTo(before);
    }

    @Test
    void a_file_of_thousands_of_lines_beyond_a_commands_body_limit_is_recorded_in_one_go() {
        StringBuilder file = new StringBuilder("lineId,date,amount,reference\n");
        for (int i = 0; i < 4000; i++) {
            file.append("m").append(i).append('-').append(run).append(",2026-03-02,\"1,").append(100 + i % 900)
                    .append(".00\",receipt R-").append(i).append(" paid in at the counter\n");
        }
        byte[] body = file.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).as("more than a command's 64 KiB").isGreaterThan(64 * 1024);
        long before = events.count("statement:WECHAT_PAY");
        long started = System.nanoTime();
        Api.Answer answer = post("finance", "source=WECHAT_PAY", CSV, body);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("recorded").asInt()).isEqualTo(4000);
        assertThat(events.count("statement:WECHAT_PAY")).isEqualTo(before + 4000);
        System.out.println("4000-line statement (" + body.length + " bytes) recorded in " + millis + " ms");
    }

    @Test
    void too_many_lines_and_a_50_mb_body_are_refused_before_anything_is_read() {
        long before = events.count();
        String many = plain("l-" + run + ",2026-03-02,1.00,a").repeat(3000);
        Api.Answer lines = post("finance", "source=BANK", CSV, many.getBytes(StandardCharsets.UTF_8));
        assertThat(lines.status()).isEqualTo(400);
        assertThat(lines.field("detail")).contains("at most 5000 lines");
        byte[] fifty = new byte[50 * 1024 * 1024];
        Api.Answer declared = post("finance", "source=BANK", CSV, fifty);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.contentType()).startsWith("application/problem+json");
        // without a declared length it is read up to the limit (8 MiB) and refused there
        byte[] overLimit = new byte[8 * 1024 * 1024 + 1024];
        Api.Answer chunked = api.postFile("finance", "/api/finance/statements?source=BANK", CSV,
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(overLimit)));
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(events.count()).isEqualTo(before);
    }

    /** SecurityMatrixTest's JSON body would be a 415 here: this is the same matrix with a file. */
    @Test
    void only_finance_imports_statements() {
        byte[] file = plain("r-" + run + ",2026-03-02,1.00,a").getBytes(StandardCharsets.UTF_8);
        for (String user : new String[] {"manager", "sales1", "installer", "auditor", "admin"}) {
            assertThat(post(user, "source=BANK", CSV, file).status()).as(user).isEqualTo(403);
        }
        assertThat(post(null, "source=BANK", CSV, file).status()).isEqualTo(401);
    }
}
