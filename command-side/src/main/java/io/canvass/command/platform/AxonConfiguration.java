package io.canvass.command.platform;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Clock;

/** Axon on PostgreSQL: our serializer, our table names, our metadata. */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /** The tables of V1__event_store.sql. */
    @Bean
    public EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    @Primary
    public Serializer serializer() {
        return new CanvassSerializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer() {
        return new CanvassSerializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer() {
        return new CanvassSerializer();
    }

    /** Replaces Axon's MessageOriginProvider: our metadata names, see {@link EventMetadata}. */
    @Bean
    public CorrelationDataProvider eventMetadataProvider() {
        return new EventMetadata.Provider();
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
