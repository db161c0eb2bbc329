package io.canvass.platform.audit;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Appends events with their {@link EventChain} hashes, computed here and stored by the same INSERT,
 * in the transaction of the events themselves.
 *
 * <p>Why the chain's order is the order every reader sees: before it reads the chain's head, an
 * appender takes a transaction-scoped advisory lock, held until its transaction ends. So one
 * transaction at a time extends the chain: it reads the head in a new statement (whose snapshot
 * sees the previous holder's commit, made before that lock was released), takes its positions
 * from the global_index sequence while holding the lock (so they are greater than every committed
 * position and every position a later appender will take), hashes each event over the one before
 * it, and inserts them with those positions. A transaction that rolls back leaves a gap in the
 * positions and nothing in the chain; the next appender links to the last committed event. No
 * event commits at a lower position after a higher one, so a reader walking global_index order
 * walks the chain as it was written. The price: appends are serialized from the lock to commit, so
 * as little as possible happens under it: the events are serialized before, and the lock, the head
 * and the positions are one round trip ({@code canvass_chain_reserve}, migration V8).
 */
public final class ChainedAppend implements AppendEventsStatementBuilder {

    /** The advisory lock key every appender of the event table takes ("canvass1"). */
    public static final long CHAIN_LOCK = 0x63616e7661737331L;

    private static final String INSERT = "insert into domain_event_entry (global_index, event_identifier,"
            + " aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, payload,"
            + " meta_data, chain_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Where the chain stands for this transaction: the last committed hash and the positions reserved. */
    public record Head(byte[] hash, List<Long> positions) {
    }

    /**
     * Takes the chain's lock for the rest of the transaction, reads the head and reserves
     * {@code count} positions, ascending. The connection must be inside a transaction.
     */
    public static Head lockAndReserve(Connection connection, int count) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("events are chained inside a transaction: the chain's lock lasts until commit");
        }
        byte[] head = null;
        List<Long> positions = new ArrayList<>(count);
        // the lock, then the head in a statement of its own (migration V8), in one round trip
        try (PreparedStatement reserve = connection.prepareStatement("select chain_head, reserved"
                + " from canvass_chain_reserve(?)")) {
            reserve.setInt(1, count);
            try (ResultSet rows = reserve.executeQuery()) {
                while (rows.next()) {
                    head = rows.getBytes(1);
                    positions.add(rows.getLong(2));
                }
            }
        }
        Collections.sort(positions);
        return new Head(head == null ? EventChain.genesis() : head, positions);
    }

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        // serialized before the lock: every appender waiting behind it pays for what is done under it
        List<SerializedObject<byte[]>> payloads = new ArrayList<>(events.size());
        List<SerializedObject<byte[]>> metaData = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            payloads.add(event.serializePayload(serializer, byte[].class));
            metaData.add(event.serializeMetaData(serializer, byte[].class));
        }
        PreparedStatement insert = connection.prepareStatement(INSERT);
        Head head = lockAndReserve(connection, events.size());
        byte[] previous = head.hash();
        for (int i = 0; i < events.size(); i++) {
            DomainEventMessage<?> event = asDomainEvent(events.get(i));
            SerializedObject<byte[]> payload = payloads.get(i);
            EventChain.StoredEvent stored = new EventChain.StoredEvent(head.positions().get(i), event.getIdentifier(),
                    event.getAggregateIdentifier(), event.getSequenceNumber(), event.getType(),
                    DateTimeUtils.formatInstant(event.getTimestamp()), payload.getType().getName(),
                    payload.getType().getRevision(), payload.getData(), metaData.get(i).getData());
            previous = EventChain.hash(previous, stored);
            bind(insert, stored, previous);
            insert.addBatch();
        }
        return insert;
    }

    /** Binds one row of {@link #INSERT}'s shape: for writers that append without Axon (the benchmark's fill). */
    public static String insertSql() {
        return INSERT;
    }

    public static void bind(PreparedStatement insert, EventChain.StoredEvent stored, byte[] hash) throws SQLException {
        insert.setLong(1, stored.globalIndex());
        insert.setString(2, stored.eventIdentifier());
        insert.setString(3, stored.aggregateIdentifier());
        insert.setLong(4, stored.sequenceNumber());
        insert.setString(5, stored.type());
        insert.setString(6, stored.timeStamp());
        insert.setString(7, stored.payloadType());
        insert.setString(8, stored.payloadRevision());
        insert.setBytes(9, stored.payload());
        insert.setBytes(10, stored.metaData());
        insert.setBytes(11, hash);
    }

    private static DomainEventMessage<?> asDomainEvent(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain
                ? domain
                : new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
    }
}
