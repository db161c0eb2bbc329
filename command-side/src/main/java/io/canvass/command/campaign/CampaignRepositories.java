package io.canvass.command.campaign;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Campaigns, event-sourced and cached like the other aggregates. */
@Configuration(proxyBeanMethods = false)
class CampaignRepositories {

    @Bean
    Repository<Campaign> campaignRepository(EventStore eventStore, Cache aggregateCache,
                                            ParameterResolverFactory parameterResolverFactory,
                                            HandlerDefinition handlerDefinition) {
        // Spring's parameter resolution, so that its handlers (deadline handlers among them) take beans
        return EventSourcingRepository.builder(Campaign.class).eventStore(eventStore).cache(aggregateCache)
                .parameterResolverFactory(parameterResolverFactory).handlerDefinition(handlerDefinition).build();
    }
}
