package io.canvass.command.contract;

import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Contracts, event-sourced and read from the store for every command, never from a cache: another
 * command side may have moved the stream on (docs/command-consistency.md, where a cache was
 * measured to buy nothing here).
 */
@Configuration(proxyBeanMethods = false)
class ContractRepositories {

    @Bean
    Repository<Contract> contractRepository(EventStore eventStore, ParameterResolverFactory parameterResolverFactory,
                                            HandlerDefinition handlerDefinition) {
        // Spring's parameter resolution, so that its handlers (deadline handlers among them) take beans
        return EventSourcingRepository.builder(Contract.class).eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory).handlerDefinition(handlerDefinition).build();
    }
}
