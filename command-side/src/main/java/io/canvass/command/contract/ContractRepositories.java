package io.canvass.command.contract;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Contracts, event-sourced and cached (a contract takes several commands in a row). */
@Configuration(proxyBeanMethods = false)
class ContractRepositories {

    @Bean
    Repository<Contract> contractRepository(EventStore eventStore, Cache aggregateCache,
                                            ParameterResolverFactory parameterResolverFactory,
                                            HandlerDefinition handlerDefinition) {
        // Spring's parameter resolution, so that its handlers (deadline handlers among them) take beans
        return EventSourcingRepository.builder(Contract.class).eventStore(eventStore).cache(aggregateCache)
                .parameterResolverFactory(parameterResolverFactory).handlerDefinition(handlerDefinition).build();
    }
}
