package io.canvass.command.campaign;

import io.canvass.command.platform.AggregateCaching.Aggregates;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Campaigns, event-sourced, cached and kept current like the other aggregates. */
@Configuration(proxyBeanMethods = false)
class CampaignRepositories {

    @Bean
    Repository<Campaign> campaignRepository(Aggregates aggregates, ParameterResolverFactory parameterResolverFactory,
                                            HandlerDefinition handlerDefinition) {
        // Spring's parameter resolution, so that its handlers (deadline handlers among them) take beans
        return aggregates.repository(EventSourcingRepository.builder(Campaign.class)
                .parameterResolverFactory(parameterResolverFactory).handlerDefinition(handlerDefinition));
    }
}
