package io.canvass.command.settlement;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sources' statements, event-sourced and cached like the other aggregates. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StatementLimits.class)
class StatementRepositories {

    @Bean
    Repository<Statement> statementRepository(EventStore eventStore, Cache aggregateCache,
                                              ParameterResolverFactory parameterResolverFactory,
                                              HandlerDefinition handlerDefinition) {
        // Spring's parameter resolution, so that its handlers take the payments and the calendar
        return EventSourcingRepository.builder(Statement.class).eventStore(eventStore).cache(aggregateCache)
                .parameterResolverFactory(parameterResolverFactory).handlerDefinition(handlerDefinition).build();
    }
}
