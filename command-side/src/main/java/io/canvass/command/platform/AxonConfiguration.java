package io.canvass.command.platform;

import io.canvass.platform.axon.EventMetadata;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Axon on PostgreSQL: the platform's schema and serializer, and our metadata on every event. */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /** Replaces Axon's MessageOriginProvider: our metadata names, see {@link EventMetadata}. */
    @Bean
    public CorrelationDataProvider eventMetadataProvider() {
        return new EventMetadata.Provider();
    }
}
