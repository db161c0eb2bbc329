package io.canvass.command.audit;

import io.canvass.command.Api;
import io.canvass.command.EmbeddedPostgresTest;
import io.canvass.platform.audit.EventChain;
import io.canvass.platform.audit.SignedDigest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

import static io.canvass.command.Api.contract;
import static io.canvass.command.Api.district;
import static io.canvass.command.Api.payment;
import static io.canvass.command.Api.prospect;
import static org.assertj.core.api.Assertions.assertThat;

/** The hash chain is written with the events (issue 13): checked row by row in the table itself. */
@EmbeddedPostgresTest
public class EventChainTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    @FlywayDataSource
    DataSource schemaOwner;

    static final String COLUMNS = "global_index, event_identifier, aggregate_identifier, sequence_number, type,"
            + " time_stamp, payload_type, payload_revision, payload, meta_data";

    public record Row(EventChain.StoredEvent event, byte[] hash) {
    }

    /**
     * Every stored event with its sealed hash, once the running command side's sealer has sealed
     * every event committed before this call (it seals moments after a commit).
     */
    public static List<Row> rows(JdbcTemplate jdbc) {
        long head = jdbc.queryForObject("select coalesce(max(global_index), -1) from domain_event_entry", Long.class);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (jdbc.queryForObject("select coalesce(max(global_index), -1) from event_chain", Long.class) < head) {
            assertThat(System.nanoTime()).as("sealed to " + head + " within 10 s").isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return jdbc.query("select " + COLUMNS.replace("global_index,", "e.global_index,") + ", c.chain_hash"
                        + " from domain_event_entry e left join event_chain c on c.global_index = e.global_index"
                        + " where e.global_index <= ? order by e.global_index",
                (row, n) -> new Row(new EventChain.StoredEvent(row.getLong(1), row.getString(2), row.getString(3),
                        row.getLong(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                        row.getBytes(9), row.getBytes(10)), row.getBytes(11)), head);
    }

    /** Recomputes the chain from the first event; answers the position of the first row that disagrees, or -1. */
    public static long firstBreak(List<Row> rows) {
        byte[] previous = EventChain.genesis();
        for (Row row : rows) {
            previous = EventChain.hash(previous, row.event());
            if (!Arrays.equals(previous, row.hash())) {
                return row.event().globalIndex();
            }
        }
        return -1;
    }

    @Test
    void concurrent_commands_from_sixteen_clients_leave_one_unbroken_chain_in_position_order() throws Exception {
        Api api = new Api(port);
        String run = UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("manager", "/api/districts", district("d-" + run, "s-1")).status()).isEqualTo(201);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            String id = run + "-" + c;
            answers.add(clients.submit(() -> {
                int created = api.post("sales1", "/api/prospects", prospect("p-" + id, "d-" + run, "s-1", "sales1")).status()
                        + api.post("sales1", "/api/contracts", contract("c-" + id, "p-" + id, "sales1", 2, "500.00", "200.00")).status();
                for (int p = 0; p < 3; p++) {
                    created += api.post("finance", "/api/contracts/c-" + id + "/deposits", payment("d" + p, "50.00")).status();
                }
                return created;
            }));
        }
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(5 * 201);
        }
        clients.shutdown();

        List<Row> rows = rows(jdbc);
        assertThat(rows).hasSizeGreaterThanOrEqualTo(1 + 16 * 5);
        assertThat(firstBreak(rows)).isEqualTo(-1);
        // the SQL twin of EventChain (V4's canvass_chain_hash, which hashed the events stored before V4) agrees
        for (int i = 1; i < rows.size(); i++) {
            byte[] sql = jdbc.queryForObject("select canvass_chain_hash(?, " + COLUMNS + ") from domain_event_entry"
                    + " where global_index = ?", byte[].class, rows.get(i - 1).hash(), rows.get(i).event().globalIndex());
            assertThat(sql).isEqualTo(rows.get(i).hash());
        }
    }

    /** Even the owner cannot rewrite a hash: the chain is as append-only as the events. */
    @Test
    void a_stored_hash_is_as_append_only_as_its_event() {
        new Api(port).post("manager", "/api/districts", district("d-" + UUID.randomUUID().toString().substring(0, 8), "s-1"));
        rows(jdbc);
        JdbcTemplate owner = new JdbcTemplate(schemaOwner);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> owner.update("update domain_event_entry set chain_hash = ?",
                (Object) new byte[32])).hasStackTraceContaining("append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> owner.update("update event_chain set chain_hash = ?",
                (Object) new byte[32])).hasStackTraceContaining("event_chain is append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> owner.update("delete from event_chain"))
                .hasStackTraceContaining("event_chain is append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> owner.execute("truncate event_chain"))
                .hasStackTraceContaining("event_chain is append-only");
        // the writer login the application runs as may add to the chain, never change it
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.update("update event_chain set chain_hash = chain_hash"))
                .hasStackTraceContaining("permission denied");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> owner.update("delete from audit_digest"))
                .hasStackTraceContaining("audit_digest is append-only");
    }

    @Test
    void an_admin_signs_the_head_and_the_signature_holds() {
        Api api = new Api(port);
        assertThat(api.post("manager", "/api/districts", district("d-" + UUID.randomUUID().toString().substring(0, 8), "s-1"))
                .status()).isEqualTo(201);
        assertThat(api.post("manager", "/api/audit/digests", "{}").status()).isEqualTo(403);
        Api.Answer signed = api.post("admin", "/api/audit/digests", "{}");
        assertThat(signed.status()).isEqualTo(201);
        SignedDigest digest = new SignedDigest(signed.body().get("position").asLong(), signed.body().get("headHash").asText(),
                Instant.parse(signed.body().get("signedAt").asText()), signed.body().get("keyId").asText(),
                signed.body().get("publicKey").asText(), signed.body().get("signature").asText());
        assertThat(digest.signatureValid()).isTrue();
        List<Row> rows = rows(jdbc);
        Row head = rows.stream().filter(r -> r.event().globalIndex() == digest.position()).findFirst().orElseThrow();
        assertThat(digest.headHash()).isEqualTo(EventChain.hex(head.hash()));
        SignedDigest forged = new SignedDigest(digest.position(), digest.headHash().replace(digest.headHash().charAt(0),
                digest.headHash().charAt(0) == '0' ? '1' : '0'), digest.signedAt(), digest.keyId(), digest.publicKey(),
                digest.signature());
        assertThat(forged.signatureValid()).isFalse();
    }

    /** V4 hashes the events stored before it, in SQL: the result is the chain the Java code computes. */
    @Test
    void the_migration_hashes_a_store_written_before_it_as_the_command_side_would() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource data = postgres.getPostgresDatabase();
            Flyway.configure().dataSource(data).locations("classpath:db/migration").target("3")
                    .placeholders(java.util.Map.of("readerLogin", "canvass_query", "writerLogin", "canvass_app"))
                    .load().migrate();
            JdbcTemplate old = new JdbcTemplate(data);
            for (int i = 0; i < 50; i++) {
                old.update("insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,"
                                + " time_stamp, payload_type, payload_revision, payload, meta_data) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        "e" + i, "contract:c" + i % 7, i / 7, "Contract", Instant.ofEpochSecond(1_770_000_000L + i).toString(),
                        "DepositCollected", i % 3 == 0 ? null : "1", ("{\"n\":\"" + i + " 定金\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        i % 5 == 0 ? null : "{}".getBytes());
            }
            Flyway.configure().dataSource(data).locations("classpath:db/migration")
                    .placeholders(java.util.Map.of("readerLogin", "canvass_query", "writerLogin", "canvass_app"))
                    .load().migrate();
            List<Row> rows = rows(old);
            assertThat(rows).hasSize(50);
            assertThat(firstBreak(rows)).isEqualTo(-1);
            // V9 moved the chain to event_chain: the same hashes, and the event table keeps its own untouched
            assertThat(old.queryForObject("select count(*) from domain_event_entry e join event_chain c"
                    + " on c.global_index = e.global_index and c.chain_hash = e.chain_hash", Long.class)).isEqualTo(50);
            // and no row after them may carry a hash in the event table
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> old.update("insert into domain_event_entry"
                    + " (event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload,"
                    + " chain_hash) values ('late', 'contract:c0', 99, 'Contract', 't', 'DepositCollected', '\\x00', ?)",
                    (Object) new byte[32])).hasStackTraceContaining("domain_event_entry_chain_hash_before_v9");
        }
    }

    /**
     * A command side older than V9 would hash over a head the event table no longer holds: its
     * reservation is refused with the reason. And the sealer's reasoning needs positions handed out
     * in time order, which a sequence caching values per session would break.
     */
    @Test
    void an_appender_older_than_the_sealed_chain_is_stopped_and_positions_come_in_time_order() throws Exception {
        try (java.sql.Connection old = schemaOwner.getConnection(); java.sql.Statement s = old.createStatement()) {
            old.setAutoCommit(false);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeQuery("select * from canvass_chain_reserve(1)"))
                    .hasMessageContaining("retired by migration V9");
            old.rollback();
            old.setAutoCommit(true);
        }
        assertThat(jdbc.queryForObject("select cache_size from pg_sequences"
                + " where sequencename = 'domain_event_entry_global_index_seq'", Long.class)).isEqualTo(1L);
    }
}
