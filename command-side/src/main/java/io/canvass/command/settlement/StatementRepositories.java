package io.canvass.command.settlement;

import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sources' statements, event-sourced and read from the store for every command like the other
 * aggregates, never from a cache another command side may have moved on from
 * (docs/command-consistency.md).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StatementLimits.class)
class StatementRepositories {

    @Bean
    Repository<Statement> statementRepository(EventStore eventStore, ParameterResolverFactory parameterResolverFactory,
                                              HandlerDefinition handlerDefinition) {
        // Spring's parameter resolution, so that its handlers take the payments and the calendar
        return EventSourcingRepository.builder(Statement.class).eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory).handlerDefinition(handlerDefinition).build();
    }
}
