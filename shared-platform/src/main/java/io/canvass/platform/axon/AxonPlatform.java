package io.canvass.platform.axon;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * What both apps agree on about the event store: its tables (the command side's
 * {@code V1__event_store.sql}) and how events are serialized ({@link CanvassSerializer}), for
 * Axon's general, event and message serializers alike.
 */
@Configuration(proxyBeanMethods = false)
public class AxonPlatform {

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

    /** Older stored shapes read as today's; Axon puts every EventUpcaster bean in the storage engine's chain. */
    @Bean
    public ProspectRecordedUpcaster prospectRecordedUpcaster() {
        return new ProspectRecordedUpcaster();
    }

    @Bean
    public ContractSignedUpcaster contractSignedUpcaster() {
        return new ContractSignedUpcaster();
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
}
