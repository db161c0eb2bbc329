package io.canvass.platform.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Seals committed events into the audit chain ({@code event_chain}, migration V9), in position
 * order: each event's hash over the one sealed before it ({@link EventChain}). One sealer at a time
 * (the command side elects one); a round is one transaction, so a sealer stopped at any point
 * leaves a chain that the next round, here or in another process, goes on from.
 *
 * <p>Appenders commit out of position order, and a rolled-back one leaves a hole. A round takes a
 * snapshot and reads the events after the sealed head. The events up to the first hole are sealed
 * at once. A hole is passed only once it is known to be permanent: an appender takes its
 * transaction's id before its positions ({@code canvass_reserve}), so every position below the
 * highest one a snapshot sees belongs to a transaction that had committed (then the snapshot sees
 * its events), had ended otherwise, or was running then. When every transaction running then had
 * ended in a later round's snapshot (which then sees all they committed), a position up to that
 * highest one that is still empty stays empty forever.
 * The chain therefore never depends on the order in which transactions committed: it is the
 * committed events in position order, the same chain the appenders wrote under a lock until V9.
 *
 * <p>Not thread-safe: one thread drives one sealer.
 */
public final class ChainSealer {

    private static final String COLUMNS = "global_index, event_identifier, aggregate_identifier, sequence_number,"
            + " type, time_stamp, payload_type, payload_revision, payload, meta_data";

    /**
     * A hole seen by a round, up to the highest position that round saw: the transactions running
     * then are those its snapshot lists, and those from the snapshot's xmax up to {@code nextId}.
     */
    private record Waiting(String snapshot, long upTo, long nextId) {
    }

    /** What a round did: the sealed head after it, how many events it sealed, whether a hole holds it back. */
    public record Round(long sealedHead, int sealed, boolean waiting) {
    }

    private final int batch;
    private Waiting waiting;
    private long settledUpTo = -1;
    /** The first hole the last round stopped at; -1 when it did not stop at one. */
    private long blockedAt = -1;
    /** The sealed head after the last round. */
    private long sealedHead = -1;

    public ChainSealer(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("a round seals at least one event");
        }
        this.batch = batch;
    }

    /**
     * One round on {@code connection} (in auto-commit mode between rounds; left so): seals what is
     * final among the next {@code batch} events after the sealed head.
     */
    public Round seal(Connection connection) throws SQLException {
        if (waiting != null && blockedAt >= 0 && !worthARound(connection)) {
            return new Round(sealedHead, 0, true);
        }
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            // no flush of its own to wait for, whether a round seals or only takes an id to wait on:
            // the chain is worked out again, the same, from the events should a crash lose the last
            // rounds, and whatever reads it durably (a signed digest) commits after it in the same
            // log, which flushes it first
            try (PreparedStatement lazy = connection.prepareStatement("set local synchronous_commit = off")) {
                lazy.execute();
            }
            // this round's snapshot, and whether every transaction a hole waits for had ended in it.
            // Asked of the snapshot, not of the commit log: a transaction is marked committed in the
            // log a moment before new snapshots see it. The transactions a hole waits for are those
            // running when it was seen: the snapshot's list, and every id from its xmax up to the
            // next id then (a snapshot does not list running ids at or above its xmax, which is the
            // last completed id + 1: the browser tests' demo campaign found 4 holes in 3,358 events
            // passed while such a transaction was still to commit).
            String snapshot;
            try (PreparedStatement current = connection.prepareStatement("select pg_current_snapshot()::text, "
                    + WAITED_FOR_ENDED)) {
                bindWaiting(current, 1);
                try (ResultSet row = current.executeQuery()) {
                    row.next();
                    snapshot = row.getString(1);
                    if (waiting != null && row.getBoolean(2)) {
                        settledUpTo = Math.max(settledUpTo, waiting.upTo());
                        waiting = null;
                    }
                }
            }
            long head = -1;
            byte[] previous = EventChain.genesis();
            try (PreparedStatement sealed = connection.prepareStatement(
                    "select global_index, chain_hash from event_chain order by global_index desc limit 1");
                 ResultSet row = sealed.executeQuery()) {
                if (row.next()) {
                    head = row.getLong(1);
                    previous = row.getBytes(2);
                }
            }
            List<Long> positions = new ArrayList<>();
            List<byte[]> hashes = new ArrayList<>();
            long expected = head + 1;
            long seen = -1;
            boolean blocked = false;
            try (PreparedStatement next = connection.prepareStatement("select " + COLUMNS + " from domain_event_entry"
                    + " where global_index > ? order by global_index limit ?")) {
                next.setLong(1, head);
                next.setInt(2, batch);
                try (ResultSet row = next.executeQuery()) {
                    while (row.next()) {
                        EventChain.StoredEvent event = new EventChain.StoredEvent(row.getLong(1), row.getString(2),
                                row.getString(3), row.getLong(4), row.getString(5), row.getString(6), row.getString(7),
                                row.getString(8), row.getBytes(9), row.getBytes(10));
                        seen = event.globalIndex();
                        if (blocked) {
                            continue;
                        }
                        if (event.globalIndex() > expected && event.globalIndex() - 1 > settledUpTo) {
                            blocked = true; // a hole that may still be filled
                            continue;
                        }
                        previous = EventChain.hash(previous, event);
                        positions.add(event.globalIndex());
                        hashes.add(previous);
                        expected = event.globalIndex() + 1;
                    }
                }
            }
            blockedAt = blocked ? expected : -1;
            sealedHead = positions.isEmpty() ? head : positions.get(positions.size() - 1);
            if (blocked && waiting == null) {
                // an id of this transaction's own, taken after its snapshot: greater than every id
                // handed out before it
                try (PreparedStatement own = connection.prepareStatement("select pg_current_xact_id()::text::bigint");
                     ResultSet row = own.executeQuery()) {
                    row.next();
                    waiting = new Waiting(snapshot, seen, row.getLong(1));
                }
            }
            if (!positions.isEmpty()) {
                insert(connection, positions, hashes);
            }
            connection.commit();
            return new Round(sealedHead, positions.size(), blocked);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            connection.setAutoCommit(true);
        }
    }

    /**
     * Whether every transaction the waiting hole waits for had ended in the statement's snapshot
     * (three parameters, see {@link #bindWaiting}): its snapshot's running list, and the ids from
     * that snapshot's xmax up to the id taken after it.
     */
    private static final String WAITED_FOR_ENDED = "not exists (select 1 from pg_snapshot_xip(?::pg_snapshot) x"
            + "   where not pg_visible_in_snapshot(x, pg_current_snapshot()))"
            + " and not exists (select 1 from generate_series(pg_snapshot_xmax(?::pg_snapshot)::text::bigint,"
            + "   ?::bigint - 1) n where not pg_visible_in_snapshot(n::text::xid8, pg_current_snapshot()))";

    private void bindWaiting(PreparedStatement statement, int first) throws SQLException {
        statement.setString(first, waiting == null ? null : waiting.snapshot());
        statement.setString(first + 1, waiting == null ? null : waiting.snapshot());
        statement.setLong(first + 2, waiting == null ? 0 : waiting.nextId());
    }

    /**
     * While a hole holds the chain back, a round can only get further once the hole is filled or
     * everything it waits for has ended: asked in one cheap statement before a round re-reads the
     * events after the sealed head (the sealer looks every few milliseconds while it waits).
     */
    private boolean worthARound(Connection connection) throws SQLException {
        try (PreparedStatement check = connection.prepareStatement("select exists (select 1 from domain_event_entry"
                + " where global_index = ?) or (" + WAITED_FOR_ENDED + ")")) {
            check.setLong(1, blockedAt);
            bindWaiting(check, 2);
            try (ResultSet row = check.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    private static void insert(Connection connection, List<Long> positions, List<byte[]> hashes) throws SQLException {
        Array at = connection.createArrayOf("bigint", positions.toArray(new Long[0]));
        Array hash = connection.createArrayOf("bytea", hashes.toArray(new byte[0][]));
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into event_chain (global_index, chain_hash) select * from unnest(?::bigint[], ?::bytea[])")) {
            insert.setArray(1, at);
            insert.setArray(2, hash);
            insert.executeUpdate();
        } finally {
            at.free();
            hash.free();
        }
    }

    /**
     * Seals everything committed now, waiting for the holes to settle, or fails after
     * {@code within}: for tools and tests that append without a running sealer.
     */
    public static long sealAll(DataSource dataSource, Duration within) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return new ChainSealer(10_000).sealAll(connection, within);
        } catch (SQLException e) {
            throw new IllegalStateException("could not seal the audit chain: " + e.getMessage(), e);
        }
    }

    /** Rounds on {@code connection} until nothing committed is left to seal and no hole waits; answers the sealed head. */
    public long sealAll(Connection connection, Duration within) throws SQLException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Round round = seal(connection);
            if (round.sealed() == 0 && !round.waiting()) {
                return round.sealedHead();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the chain could not be sealed within " + within
                        + ": a transaction that took a position is still running");
            }
            if (round.sealed() == 0) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while sealing the audit chain", e);
                }
            }
        }
    }
}
