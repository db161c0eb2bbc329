package io.canvass.command.period;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Months' closings, event-sourced and cached like the other aggregates. */
@Configuration(proxyBeanMethods = false)
class PeriodRepositories {

    @Bean
    Repository<Period> periodRepository(EventStore eventStore, Cache aggregateCache,
                                        ParameterResolverFactory parameterResolverFactory,
                                        HandlerDefinition handlerDefinition) {
        // Spring's parameter resolution, so that the close handler takes the event store's head
        return EventSourcingRepository.builder(Period.class).eventStore(eventStore).cache(aggregateCache)
                .parameterResolverFactory(parameterResolverFactory).handlerDefinition(handlerDefinition).build();
    }
}
