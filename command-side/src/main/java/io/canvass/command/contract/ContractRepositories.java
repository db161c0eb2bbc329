package io.canvass.command.contract;

import io.canvass.command.platform.AggregateCaching.Aggregates;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Contracts, event-sourced, cached and kept current (a contract takes several commands in a row). */
@Configuration(proxyBeanMethods = false)
class ContractRepositories {

    @Bean
    Repository<Contract> contractRepository(Aggregates aggregates, ParameterResolverFactory parameterResolverFactory,
                                            HandlerDefinition handlerDefinition) {
        // Spring's parameter resolution, so that its handlers (deadline handlers among them) take beans
        return aggregates.repository(EventSourcingRepository.builder(Contract.class)
                .parameterResolverFactory(parameterResolverFactory).handlerDefinition(handlerDefinition));
    }
}
