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
 * flat however large the store), and hands each row with its stored hash to a visitor.
 */
final class ChainWalk {

    static final String COLUMNS = "global_index, event_identifier, aggregate_identifier, sequence_number, type,"
            + " time_stamp, payload_type, payload_revision, payload, meta_data, chain_hash";

    record Row(EventChain.StoredEvent event, byte[] storedHash) {
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
            try (PreparedStatement rows = connection.prepareStatement("select " + COLUMNS + " from domain_event_entry"
                    + " where global_index between ? and ? order by global_index")) {
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
                row.getBytes(10)), row.getBytes(11));
    }

    /** The stored hash of the last event before {@code position}; the genesis hash when there is none. */
    static byte[] hashBefore(DataSource dataSource, long position) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement before = connection.prepareStatement("select chain_hash from domain_event_entry"
                     + " where global_index < ? order by global_index desc limit 1")) {
            before.setLong(1, position);
            try (ResultSet row = before.executeQuery()) {
                return row.next() ? row.getBytes(1) : EventChain.genesis();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the event table: " + e.getMessage(), e);
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
