package io.canvass.query.audit;

import io.canvass.platform.audit.EventChain;
import io.canvass.platform.audit.SignedDigest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * Walks the event table in position order, a thousand rows at a time through a cursor (memory stays
 * flat however large the store), and hands each row with its sealed hash ({@code event_chain},
 * migration V9) to a visitor. One statement, so events and hashes are read in one snapshot.
 */
final class ChainWalk {

    static final String COLUMNS = "e.global_index, e.event_identifier, e.aggregate_identifier, e.sequence_number,"
            + " e.type, e.time_stamp, e.payload_type, e.payload_revision, e.payload, e.meta_data, c.chain_hash,"
            + " e.chain_hash as legacy_hash, (select coalesce(max(s.global_index), -1) from event_chain s) as sealed_head";

    /**
     * @param storedHash the hash sealed for this event; null when it is not sealed (yet, when the
     *                   event is after the sealed head)
     * @param legacyHash the hash the event table itself holds, for the events appended before V9
     * @param sealedHead the last position sealed, in the walk's snapshot
     */
    record Row(EventChain.StoredEvent event, byte[] storedHash, byte[] legacyHash, long sealedHead) {

        /** After the last sealed position: not part of the chain yet, which is no break. */
        boolean unsealed() {
            return storedHash == null && event.globalIndex() > sealedHead;
        }
    }

    /** Stops a walk early. */
    interface Visitor {
        boolean visit(Row row);
    }

    private ChainWalk() {
    }

    /** Rows with {@code from <= global_index <= to}, in order, until the visitor answers false. */
    static void walk(DataSource dataSource, long from, long to, Visitor visitor) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            boolean readOnly = connection.isReadOnly();
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (PreparedStatement rows = connection.prepareStatement("select " + COLUMNS + " from domain_event_entry e"
                    + " left join event_chain c on c.global_index = e.global_index"
                    + " where e.global_index between ? and ? order by e.global_index")) {
                rows.setFetchSize(1000);
                rows.setLong(1, from);
                rows.setLong(2, to);
                try (ResultSet row = rows.executeQuery()) {
                    while (row.next()) {
                        if (!visitor.visit(row(row))) {
                            break;
                        }
                    }
                }
            } finally {
                connection.rollback();
                connection.setReadOnly(readOnly);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the event table: " + e.getMessage(), e);
        }
    }

    static Row row(ResultSet row) throws SQLException {
        return new Row(new EventChain.StoredEvent(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4),
                row.getString(5), row.getString(6), row.getString(7), row.getString(8), row.getBytes(9),
                row.getBytes(10)), row.getBytes(11), row.getBytes(12), row.getLong(13));
    }

    /** The sealed hash of the last event before {@code position}; the genesis hash when there is none. */
    static byte[] hashBefore(DataSource dataSource, long position) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement before = connection.prepareStatement("select chain_hash from event_chain"
                     + " where global_index < ? order by global_index desc limit 1")) {
            before.setLong(1, position);
            try (ResultSet row = before.executeQuery()) {
                return row.next() ? row.getBytes(1) : EventChain.genesis();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the event table: " + e.getMessage(), e);
        }
    }

    /** The last position sealed into the chain, -1 before the first. */
    static long sealedHead(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement head = connection.prepareStatement("select coalesce(max(global_index), -1) from event_chain");
             ResultSet row = head.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the event chain: " + e.getMessage(), e);
        }
    }

    static List<SignedDigest> digests(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement digests = connection.prepareStatement("select * from audit_digest order by position");
             ResultSet row = digests.executeQuery()) {
            List<SignedDigest> all = new java.util.ArrayList<>();
            while (row.next()) {
                all.add(SignedDigest.read(row, all.size()));
            }
            return all;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the audit digests: " + e.getMessage(), e);
        }
    }

    static boolean matches(byte[] computed, byte[] stored) {
        return Arrays.equals(computed, stored);
    }

}
