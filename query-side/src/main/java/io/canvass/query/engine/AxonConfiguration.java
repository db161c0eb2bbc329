package io.canvass.query.engine;

import io.micrometer.core.instrument.Counter;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * Axon on the query side: events read from the command side's PostgreSQL (read-only), tokens
 * kept in MongoDB's control database beside the generations of the read models ({@link
 * ReadModelGenerations}). It also enables the engine's own settings: how projections follow the
 * store, how a rebuild runs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ProjectionSettings.class, RebuildSettings.class})
public class AxonConfiguration {

    /**
     * The event store, read-only. Defined here rather than by Axon's JDBC auto-configuration, which
     * looks for a DataSource before Spring Boot's own has been defined.
     */
    @Bean
    public EventStorageEngine eventStorageEngine(DataSource dataSource, EventSchema schema, TransactionManager transactions,
                                                 @Qualifier("eventSerializer") Serializer events, Serializer snapshots,
                                                 org.axonframework.config.Configuration axon) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource)))
                .transactionManager(transactions)
                .persistenceExceptionResolver(new JdbcSQLErrorCodesResolver())
                .eventSerializer(events)
                .snapshotSerializer(snapshots)
                .upcasterChain(axon.upcasterChain())
                .schema(schema)
                .build();
    }

    /**
     * The event store the projections read. The command side runs in another process: PostgreSQL
     * tells this one when it appends ({@link AppendNotifications}, LISTEN on the channel migration V7
     * notifies), and the store reads at once. It also looks every {@code canvass.projections.poll-interval} (a second),
     * which only matters while the notifications' connection is lost. Each look is one indexed query
     * on {@code global_index}.
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    public WakeableEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration axon,
                                         ProjectionSettings settings) {
        return new WakeableEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class))
                .fetchDelay(settings.pollInterval().toMillis()));
    }

    /**
     * Wakes the event store when PostgreSQL says events were appended; {@code
     * canvass.projections.notifications=false} where LISTEN cannot work (a pooler in transaction
     * mode between the query side and PostgreSQL): then set the poll interval short.
     */
    @Bean
    @ConditionalOnProperty(name = "canvass.projections.notifications", matchIfMissing = true)
    AppendNotifications appendNotifications(DataSource dataSource, WakeableEventStore eventStore) {
        return new AppendNotifications(dataSource, eventStore::wake, Duration.ofSeconds(1));
    }

    /**
     * The projections' source (axon.eventhandling.processors.projections.source): see {@link
     * WakingMessageSource}; the nudges look at what the store has read, in memory. It holds the
     * projections until the first generation of the read models is built.
     */
    @Bean
    public StreamableMessageSource<TrackedEventMessage<?>> projectionSource(EmbeddedEventStore eventStore,
            ReadModelGenerations generations, ProjectionSettings settings) {
        return new WakingMessageSource(eventStore, settings.nudgeInterval(), () -> !generations.ready());
    }

    @Bean
    public TokenStore tokenStore(ReadModelGenerations generations, Serializer serializer,
                                 ProjectionSettings settings) {
        return MongoTokenStore.builder()
                // in the control database: the tokens say how far the current generation got, whichever it is
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(generations.control()).build())
                .serializer(serializer)
                .claimTimeout(settings.claimTimeout())
                .build();
    }

    /** The projections apply each batch once its last event has been handled (see {@link Projections}). */
    @Bean
    public ConfigurerModule projectInBatches(Projector projector, Counter projectionFailures,
                                             org.springframework.jdbc.core.JdbcTemplate eventStore,
                                             ProjectionProgress progress) {
        return configurer -> configurer.eventProcessing().registerHandlerInterceptor(Freshness.PROCESSING_GROUP,
                configuration -> new Projections.ApplyAtEndOfBatch(projector, projectionFailures::increment,
                        Projections.lookup(eventStore), progress));
    }
}
