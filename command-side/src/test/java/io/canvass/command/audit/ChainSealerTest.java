package io.canvass.command.audit;

import io.canvass.platform.audit.ChainSealer;
import io.canvass.platform.audit.ChainedAppend;
import io.canvass.platform.audit.EventChain;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain sealed after commit (issue 16, migration V9): appenders commit out of position order
 * or roll back, and the sealer still writes the chain of the committed events in position order,
 * passing a hole only once nothing can fill it. Against a real PostgreSQL, without the application.
 */
@org.junit.jupiter.api.Timeout(120)
class ChainSealerTest {

    static EmbeddedPostgres postgres;
    static DataSource data;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void store() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        data = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(data).locations("classpath:db/migration")
                .placeholders(Map.of("readerLogin", "canvass_query", "writerLogin", "canvass_app")).load().migrate();
        jdbc = new JdbcTemplate(data);
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** Begins a transaction on {@code connection} and inserts {@code count} events of one stream, uncommitted. */
    static List<Long> append(Connection connection, String stream, int count) throws SQLException {
        connection.setAutoCommit(false);
        List<Long> positions = ChainedAppend.reserve(connection, count);
        try (PreparedStatement insert = connection.prepareStatement(ChainedAppend.insertSql())) {
            for (int i = 0; i < count; i++) {
                ChainedAppend.bind(insert, new EventChain.StoredEvent(positions.get(i), stream + "-" + i, stream, i,
                        "Contract", Instant.now().toString(), "DepositCollected", "1",
                        ("{\"n\":" + positions.get(i) + "}").getBytes(), "{}".getBytes()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return positions;
    }

    static long sealedHead() {
        return jdbc.queryForObject("select coalesce(max(global_index), -1) from event_chain", Long.class);
    }

    /** The chain recomputed from scratch over every stored event, in position order, as one appender at a time would write it. */
    static void assertChainIsTheCommittedEventsInOrder() {
        List<Long> stored = jdbc.queryForList("select global_index from domain_event_entry order by global_index", Long.class);
        List<Long> sealed = jdbc.queryForList("select global_index from event_chain order by global_index", Long.class);
        assertThat(sealed).isEqualTo(stored);
        byte[][] previous = {EventChain.genesis()};
        jdbc.query("select e.global_index, e.event_identifier, e.aggregate_identifier, e.sequence_number, e.type,"
                + " e.time_stamp, e.payload_type, e.payload_revision, e.payload, e.meta_data, c.chain_hash"
                + " from domain_event_entry e join event_chain c on c.global_index = e.global_index order by e.global_index",
                row -> {
                    previous[0] = EventChain.hash(previous[0], new EventChain.StoredEvent(row.getLong(1), row.getString(2),
                            row.getString(3), row.getLong(4), row.getString(5), row.getString(6), row.getString(7),
                            row.getString(8), row.getBytes(9), row.getBytes(10)));
                    assertThat(previous[0]).as("hash at " + row.getLong(1)).isEqualTo(row.getBytes(11));
                });
    }

    @Test
    void a_hole_is_passed_only_once_the_transaction_that_took_it_has_ended() throws Exception {
        ChainSealer sealer = new ChainSealer(1000);
        try (Connection slow = data.getConnection(); Connection fast = data.getConnection();
             Connection sealing = data.getConnection()) {
            ChainSealer.sealAll(data, Duration.ofSeconds(10));
            long before = sealedHead();
            long held = append(slow, "contract:slow", 1).get(0);
            long later = append(fast, "contract:fast", 2).get(1);
            fast.commit();
            for (int round = 0; round < 3; round++) {
                ChainSealer.Round seal = sealer.seal(sealing);
                assertThat(seal.waiting()).isTrue();
                assertThat(sealedHead()).isEqualTo(before).isLessThan(held);
            }
            slow.commit(); // committed after a later position: the chain still takes it first
            sealer.sealAll(sealing, Duration.ofSeconds(10));
            assertThat(sealedHead()).isEqualTo(later);
            assertChainIsTheCommittedEventsInOrder();

            // rolled back: a hole for good, passed once its transaction has ended; and a sealer that
            // starts afresh (a crash between commit and seal) goes on from the chain as stored
            long rolledBack = append(slow, "contract:gone", 1).get(0);
            long after = append(fast, "contract:after", 1).get(0);
            fast.commit();
            ChainSealer fresh = new ChainSealer(1000);
            assertThat(fresh.seal(sealing).waiting()).isTrue();
            assertThat(sealedHead()).isLessThan(rolledBack);
            slow.rollback();
            fresh.sealAll(sealing, Duration.ofSeconds(10));
            assertThat(sealedHead()).isEqualTo(after);
            assertThat(jdbc.queryForObject("select count(*) from event_chain where global_index = ?", Long.class,
                    rolledBack)).isZero();
            assertChainIsTheCommittedEventsInOrder();
        }
    }

    /**
     * The demo campaign's case: an appender that took its transaction id before another but its
     * position after it. When the later position commits first, no transaction with a higher id has
     * ended, so the snapshot's xmax is at or below the slow one's id, and a snapshot does not list
     * running ids from its xmax on: the sealer must still wait for it.
     */
    @Test
    void a_hole_whose_transaction_is_above_the_snapshots_xmax_is_still_waited_for() throws Exception {
        ChainSealer sealer = new ChainSealer(1000);
        try (Connection slow = data.getConnection(); Connection fast = data.getConnection();
             Connection sealing = data.getConnection()) {
            ChainSealer.sealAll(data, Duration.ofSeconds(10));
            fast.setAutoCommit(false);
            try (var id = fast.createStatement()) {
                id.execute("select pg_current_xact_id()"); // the fast one's id first
            }
            long held = append(slow, "contract:slow-id", 1).get(0); // then the slow one's id and position
            long later = append(fast, "contract:fast-id", 1).get(0); // then the fast one's position
            fast.commit();
            for (int round = 0; round < 3; round++) {
                assertThat(sealer.seal(sealing).waiting()).isTrue();
                assertThat(sealedHead()).isLessThan(held);
            }
            slow.commit();
            sealer.sealAll(sealing, Duration.ofSeconds(10));
            assertThat(sealedHead()).isEqualTo(later);
            assertChainIsTheCommittedEventsInOrder();
        }
    }

    @Test
    void appenders_committing_out_of_order_and_rolling_back_while_a_sealer_runs_leave_the_chain_one_appender_would() throws Exception {
        ExecutorService appenders = Executors.newFixedThreadPool(8);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger waited = new AtomicInteger();
        AtomicInteger rounds = new AtomicInteger();
        Map<Long, Boolean> committed = new ConcurrentHashMap<>();
        Thread sealerThread = new Thread(() -> {
            ChainSealer sealer = new ChainSealer(50);
            try (Connection sealing = data.getConnection()) {
                while (!done.get()) {
                    ChainSealer.Round round = sealer.seal(sealing);
                    rounds.incrementAndGet();
                    if (round.waiting()) {
                        waited.incrementAndGet();
                    }
                    if (round.sealed() == 0) {
                        Thread.sleep(1);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sealerThread.start();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            work.add(appenders.submit(() -> {
                Random random = new Random(thread);
                try (Connection connection = data.getConnection()) {
                    for (int tx = 0; tx < 250; tx++) {
                        List<Long> positions = append(connection, "contract:t" + thread + "-" + tx, 1 + random.nextInt(3));
                        if (random.nextBoolean()) {
                            Thread.sleep(random.nextInt(3));
                        }
                        if (random.nextInt(5) == 0) {
                            connection.rollback();
                        } else {
                            connection.commit();
                            positions.forEach(p -> committed.put(p, true));
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        appenders.shutdown();
        done.set(true);
        sealerThread.join(10_000);
        ChainSealer.sealAll(data, Duration.ofSeconds(10));

        assertThat(rounds.get()).isPositive();
        assertThat(waited.get()).as("rounds held back by a hole").isPositive();
        List<Long> sealed = jdbc.queryForList("select global_index from event_chain order by global_index", Long.class);
        assertThat(sealed).containsAll(committed.keySet());
        assertChainIsTheCommittedEventsInOrder();
        long[] holes = jdbc.queryForList("select g from generate_series((select min(global_index) from domain_event_entry),"
                + " (select max(global_index) from domain_event_entry)) g where not exists (select 1 from event_chain"
                + " where global_index = g)", Long.class).stream().mapToLong(Long::longValue).toArray();
        assertThat(holes).as("rolled-back positions, passed").isNotEmpty();
        assertThat(Arrays.stream(holes).noneMatch(committed::containsKey)).isTrue();
    }

    /** Every command side runs a sealer; one seals, and when it stops another takes over. */
    @Test
    void one_command_side_seals_and_another_takes_over_when_it_stops() throws Exception {
        ChainSealing first = new ChainSealing(data, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), 100,
                Duration.ofMillis(100));
        ChainSealing second = new ChainSealing(data, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), 100,
                Duration.ofMillis(100));
        first.start();
        second.start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> first.sealing() || second.sealing());
            Thread.sleep(300);
            assertThat(first.sealing() && second.sealing()).as("two sealers").isFalse();
            ChainSealing sealer = first.sealing() ? first : second;
            ChainSealing standby = sealer == first ? second : first;
            long position;
            try (Connection appender = data.getConnection()) {
                position = append(appender, "contract:seen-by-the-sealer", 3).get(2);
                appender.commit();
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sealedHead() >= position);

            sealer.stop();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(standby::sealing);
            long later;
            try (Connection appender = data.getConnection()) {
                later = append(appender, "contract:after-the-failover", 2).get(1);
                appender.commit();
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sealedHead() >= later);
            assertChainIsTheCommittedEventsInOrder();
        } finally {
            first.stop();
            second.stop();
        }
    }
}
