package io.canvass.command.period;

import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Months' closings, event-sourced and read from the store for every command, never from a cache:
 * another command side may have closed or reopened the month (docs/command-consistency.md).
 */
@Configuration(proxyBeanMethods = false)
class PeriodRepositories {

    @Bean
    Repository<Period> periodRepository(EventStore eventStore, ParameterResolverFactory parameterResolverFactory,
                                        HandlerDefinition handlerDefinition) {
        // Spring's parameter resolution, so that the close handler takes the event store's head
        return EventSourcingRepository.builder(Period.class).eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory).handlerDefinition(handlerDefinition).build();
    }
}
