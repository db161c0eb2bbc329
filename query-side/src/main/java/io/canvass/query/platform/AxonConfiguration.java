package io.canvass.query.platform;

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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * Axon on the query side: events read from the command side's PostgreSQL (read-only), tokens
 * kept in MongoDB next to the read models, so that dropping the read-model database rebuilds
 * everything from the first event.
 */
@Configuration(proxyBeanMethods = false)
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
     * The event store the projections read. The command side runs in another process, so nothing
     * wakes this one when it appends: it looks for new events every {@code poll-interval} (Axon's
     * default, a second, was most of the time from a command's answer to the read model showing
     * it). Each look is one indexed query on {@code global_index}.
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration axon,
                                         @Value("${canvass.projections.poll-interval:20ms}") Duration pollInterval) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class))
                .fetchDelay(Math.max(1, pollInterval.toMillis()))
                .build();
    }

    /** The projections' source (axon.eventhandling.processors.projections.source): see {@link WakingMessageSource}. */
    @Bean
    public StreamableMessageSource<TrackedEventMessage<?>> projectionSource(EmbeddedEventStore eventStore,
            @Value("${canvass.projections.poll-interval:20ms}") Duration pollInterval) {
        return new WakingMessageSource(eventStore, pollInterval);
    }

    @Bean
    public TokenStore tokenStore(MongoDatabaseFactory mongo, Serializer serializer,
                                 @Value("${canvass.projections.claim-timeout:10s}") Duration claimTimeout) {
        return MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(mongo.getMongoDatabase()).build())
                .serializer(serializer)
                .claimTimeout(claimTimeout)
                .build();
    }

    /** The projections apply each batch once its last event has been handled (see {@link Projections}). */
    @Bean
    public ConfigurerModule projectInBatches(Projector projector, Counter projectionFailures) {
        return configurer -> configurer.eventProcessing().registerHandlerInterceptor(Freshness.PROCESSING_GROUP,
                configuration -> new Projections.ApplyAtEndOfBatch(projector, projectionFailures::increment));
    }
}
