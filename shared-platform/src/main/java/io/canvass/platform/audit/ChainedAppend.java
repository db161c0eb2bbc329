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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends events at positions reserved for them, without their {@link EventChain} hashes: those
 * are sealed after commit, in position order, by {@link ChainSealer} (migration V9).
 *
 * <p>Positions come from {@code canvass_reserve}, which takes the transaction's id before the
 * positions, and no lock: appenders run in parallel and may commit out of position order. The
 * sealer waits for every transaction that could still commit below a position it has seen before
 * it passes a hole, so the chain it writes is the committed events in position order, the same
 * chain the appenders wrote under a lock until V9. Events are serialized before their positions
 * are taken, so positions are held for as short a time as can be.
 */
public final class ChainedAppend implements AppendEventsStatementBuilder {

    /**
     * The positions this thread appended at, by stream and sequence, once {@link #forgetAppended}
     * has armed it (a request thread deciding a command; other threads record nothing): the command
     * side answers a command with its event's position, which it used to query after every command.
     */
    private static final ThreadLocal<Map<String, Long>> APPENDED = new ThreadLocal<>();

    private static final String INSERT = "insert into domain_event_entry (global_index, event_identifier,"
            + " aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, payload,"
            + " meta_data) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * Reserves {@code count} positions, ascending, for events this transaction appends. The
     * connection must be inside a transaction: the transaction's id is taken before the positions,
     * which is what the sealer relies on.
     */
    public static List<Long> reserve(Connection connection, int count) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("positions are reserved inside the transaction that appends the events");
        }
        List<Long> positions = new ArrayList<>(count);
        try (PreparedStatement reserve = connection.prepareStatement("select canvass_reserve(?)")) {
            reserve.setInt(1, count);
            try (ResultSet rows = reserve.executeQuery()) {
                while (rows.next()) {
                    positions.add(rows.getLong(1));
                }
            }
        }
        Collections.sort(positions);
        return positions;
    }

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        List<SerializedObject<byte[]>> payloads = new ArrayList<>(events.size());
        List<SerializedObject<byte[]>> metaData = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            payloads.add(event.serializePayload(serializer, byte[].class));
            metaData.add(event.serializeMetaData(serializer, byte[].class));
        }
        PreparedStatement insert = connection.prepareStatement(INSERT);
        List<Long> positions = reserve(connection, events.size());
        for (int i = 0; i < events.size(); i++) {
            DomainEventMessage<?> event = asDomainEvent(events.get(i));
            SerializedObject<byte[]> payload = payloads.get(i);
            EventChain.StoredEvent stored = new EventChain.StoredEvent(positions.get(i), event.getIdentifier(),
                    event.getAggregateIdentifier(), event.getSequenceNumber(), event.getType(),
                    DateTimeUtils.formatInstant(event.getTimestamp()), payload.getType().getName(),
                    payload.getType().getRevision(), payload.getData(), metaData.get(i).getData());
            bind(insert, stored);
            insert.addBatch();
            Map<String, Long> appended = APPENDED.get();
            if (appended != null) {
                appended.put(key(event.getAggregateIdentifier(), event.getSequenceNumber()), positions.get(i));
            }
        }
        return insert;
    }

    /**
     * Forgets what this thread appended: called before a command is decided, so that what
     * {@link #appendedAt} answers was appended while deciding it (an attempt that lost its append
     * and was rolled back leaves nothing that the next attempt could answer with).
     */
    public static void forgetAppended() {
        APPENDED.set(new HashMap<>());
    }

    /** The position this thread appended the stream's event at since {@link #forgetAppended}, if it did. */
    public static Long appendedAt(String streamId, long sequence) {
        Map<String, Long> appended = APPENDED.get();
        return appended == null ? null : appended.get(key(streamId, sequence));
    }

    private static String key(String streamId, long sequence) {
        return sequence + ":" + streamId;
    }

    /** Binds one row of {@link #INSERT}'s shape: for writers that append without Axon (the benchmark's fill). */
    public static String insertSql() {
        return INSERT;
    }

    public static void bind(PreparedStatement insert, EventChain.StoredEvent stored) throws SQLException {
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
    }

    private static DomainEventMessage<?> asDomainEvent(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain
                ? domain
                : new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
    }
}
