package io.canvass.command.platform;

import io.canvass.platform.audit.ChainedAppend;
import io.canvass.platform.axon.EventMetadata;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.sql.SQLException;

/** Axon on PostgreSQL: the platform's schema and serializer, the hash chain, and our metadata on every event. */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /**
     * When two command sides append to one stream at once, the event table's unique (stream,
     * sequence) key refuses the second: that must reach Axon as a concurrent change (which
     * {@link CommandSender} decides again on the history that won, docs/command-consistency.md), not
     * an event-store failure (a 500). Axon's default resolver compares vendor
     * error codes, while PostgreSQL reports a duplicate key by SQLState 23505, inside the batch's
     * BatchUpdateException (found by ScaleOutTest: 2 of 192 contended deposits were 500s).
     *
     * <p>A deadlock (SQLState 40P01) is a lost race too: a batch holds the rows it appended until
     * its one commit (docs/batches.md), so two batches appending to the same two streams in
     * opposite orders wait for each other; PostgreSQL refuses one of the two appends, that
     * command's savepoint is rolled back (releasing its rows) and it is decided again.
     */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return AxonConfiguration::duplicateKey;
    }

    static boolean duplicateKey(Exception failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            for (SQLException sql = cause instanceof SQLException e ? e : null; sql != null; sql = sql.getNextException()) {
                if ("23505".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Axon's JDBC storage engine as its auto-configuration builds it, except that events are
     * appended with their hash chain ({@link ChainedAppend}).
     */
    @Bean
    public EventStorageEngine eventStorageEngine(Serializer serializer, PersistenceExceptionResolver resolver,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager, EventSchema schema) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(resolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(schema)
                .appendEvents(new ChainedAppend())
                .build();
    }

    /**
     * Connections from Spring's transaction, without Axon's unit-of-work wrapper: that wrapper rolls
     * the whole connection back when a unit of work rolls back, which inside a batch's transaction
     * (docs/batches.md) undid every command before the refused one, savepoints and all. Every unit of
     * work runs in a Spring transaction (the command bus's transaction manager), so the connection
     * is the transaction's, committed or rolled back (to its savepoint, in a batch) by Spring.
     */
    @Bean
    public ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    /** Replaces Axon's MessageOriginProvider: our metadata names, see {@link EventMetadata}. */
    @Bean
    public CorrelationDataProvider eventMetadataProvider() {
        return new EventMetadata.Provider();
    }
}
