package io.canvass.query.support;

import io.canvass.events.StreamIdentifier;
import io.canvass.platform.audit.ChainSealer;
import io.canvass.platform.audit.ChainedAppend;
import io.canvass.platform.axon.CanvassSerializer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A real PostgreSQL with the command side's own event-store schema (its Flyway scripts, read as
 * files: the query side never sees command-side classes), written to as the command side writes:
 * through Axon's JDBC storage engine and our serializer, each append sealed into the hash chain. One shared per test JVM ({@link #get}),
 * or a fresh one for a test that needs an empty store ({@link #fresh}).
 */
public final class EventStoreFixture {

    private static EventStoreFixture instance;

    private final EmbeddedPostgres postgres;
    private final JdbcEventStorageEngine engine;
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();

    private EventStoreFixture() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
        DataSource admin = postgres.getPostgresDatabase();
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create role canvass_query login password 'canvass_query'");
            Path migrations = Path.of("..", "command-side", "src", "main", "resources", "db", "migration");
            try (var scripts = Files.list(migrations)) {
                // in Flyway's order, by version number (as text V10 would come before V2)
                for (Path script : scripts.sorted(java.util.Comparator.comparingInt(path -> Integer.parseInt(
                        path.getFileName().toString().substring(1).split("__")[0]))).toList()) {
                    statement.execute(Files.readString(script).replace("${readerLogin}", "canvass_query"));
                }
            }
        }
        engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(admin))
                .transactionManager(new SpringTransactionManager(new DataSourceTransactionManager(admin)))
                .appendEvents(new ChainedAppend())
                .eventSerializer(new CanvassSerializer())
                .snapshotSerializer(new CanvassSerializer())
                .schema(EventSchema.builder()
                        .eventTable("domain_event_entry").snapshotTable("snapshot_event_entry")
                        .globalIndexColumn("global_index").eventIdentifierColumn("event_identifier")
                        .aggregateIdentifierColumn("aggregate_identifier").sequenceNumberColumn("sequence_number")
                        .typeColumn("type").timestampColumn("time_stamp").payloadTypeColumn("payload_type")
                        .payloadRevisionColumn("payload_revision").payloadColumn("payload").metaDataColumn("meta_data")
                        .build())
                .build();
    }

    public static synchronized EventStoreFixture get() {
        if (instance == null) {
            try {
                instance = new EventStoreFixture();
            } catch (IOException | SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /** A new, empty event store of its own (a second PostgreSQL), for a test that needs one. */
    public static EventStoreFixture fresh() {
        try {
            return new EventStoreFixture();
        } catch (IOException | SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The URL the query side reads from, as its read-only login. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    /** Appends an event to an aggregate's stream, as the command side would, with who did it. */
    public void append(StreamIdentifier aggregate, String type, Object event, String userId, String role) {
        long sequence = sequences.computeIfAbsent(aggregate.streamId(), id -> new AtomicLong()).getAndIncrement();
        engine.appendEvents(new GenericDomainEventMessage<>(type, aggregate.streamId(), sequence, event,
                MetaData.with("userId", userId).and("role", role).and("correlationId", "test"),
                java.util.UUID.randomUUID().toString(), Instant.now()));
        seal();
    }

    /**
     * Appends one event inside a transaction the caller holds open on {@code connection} (of
     * {@link #superuser}) and commits or rolls back itself, as a command side still working would:
     * nothing is sealed. Answers the event's position.
     */
    public long appendOpen(Connection connection, StreamIdentifier aggregate, String type, Object event) throws SQLException {
        connection.setAutoCommit(false);
        long sequence = sequences.computeIfAbsent(aggregate.streamId(), id -> new AtomicLong()).getAndIncrement();
        long position = ChainedAppend.reserve(connection, 1).get(0);
        CanvassSerializer serializer = new CanvassSerializer();
        var payload = serializer.serialize(event, byte[].class);
        var metadata = serializer.serialize(MetaData.with("userId", "test").and("role", "ADMIN"), byte[].class);
        try (var insert = connection.prepareStatement(ChainedAppend.insertSql())) {
            ChainedAppend.bind(insert, new io.canvass.platform.audit.EventChain.StoredEvent(position,
                    java.util.UUID.randomUUID().toString(), aggregate.streamId(), sequence, type,
                    org.axonframework.common.DateTimeUtils.formatInstant(Instant.now()), payload.getType().getName(),
                    payload.getType().getRevision(), payload.getData(), metadata.getData()));
            insert.executeUpdate();
        }
        return position;
    }

    /** Seals what was appended into the audit chain, as the command side's one sealer does moments after a commit (one at a time). */
    public synchronized void seal() {
        ChainSealer.sealAll(postgres.getPostgresDatabase(), java.time.Duration.ofSeconds(10));
    }

    /** The embedded server's superuser: what someone with the database's keys could do (the tampering tests). */
    public DataSource superuser() {
        return postgres.getPostgresDatabase();
    }

    /** The next event appended to this stream takes the sequence after {@code sequence} (one was stored straight). */
    public void sequenceAfter(StreamIdentifier aggregate, long sequence) {
        sequences.computeIfAbsent(aggregate.streamId(), id -> new AtomicLong()).set(sequence + 1);
    }

    /** Appends many events in one transaction, as the command side appends one command's events. */
    public void appendAll(StreamIdentifier aggregate, String type, java.util.List<?> events) {
        AtomicLong sequence = sequences.computeIfAbsent(aggregate.streamId(), id -> new AtomicLong());
        engine.appendEvents(events.stream().map(event -> new GenericDomainEventMessage<>(type, aggregate.streamId(),
                sequence.getAndIncrement(), event, MetaData.with("userId", "test").and("role", "ADMIN"),
                java.util.UUID.randomUUID().toString(), Instant.now())).toList());
        seal();
    }

    /**
     * An event written straight into the event table (as a bug or a newer version would), with its
     * place in the chain: what the projections must park, not stop on. Answers its position.
     */
    public long storeStraight(String stream, long sequence, String type, String payload) throws SQLException {
        try (Connection connection = superuser().getConnection()) {
            connection.setAutoCommit(false);
            io.canvass.platform.audit.EventChain.StoredEvent event = new io.canvass.platform.audit.EventChain.StoredEvent(
                    ChainedAppend.reserve(connection, 1).get(0), "straight-" + stream, stream, sequence, "Contract",
                    Instant.now().toString(), type, "1", payload.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (var insert = connection.prepareStatement(ChainedAppend.insertSql())) {
                ChainedAppend.bind(insert, event);
                insert.executeUpdate();
            }
            connection.commit();
            seal();
            return event.globalIndex();
        }
    }

    /** How many events are stored up to a position. */
    public long count(long upTo) {
        return new org.springframework.jdbc.core.JdbcTemplate(superuser()).queryForObject(
                "select count(*) from domain_event_entry where global_index <= ?", Long.class, upTo);
    }

    /** The highest global position written. */
    public long head() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            var result = statement.executeQuery("select coalesce(max(global_index), -1) from domain_event_entry");
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
