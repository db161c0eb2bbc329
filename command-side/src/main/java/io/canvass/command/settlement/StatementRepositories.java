package io.canvass.command.settlement;

import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
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
        return new DeadlinesCreateStatements(EventSourcingRepository.builder(Statement.class).eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory).handlerDefinition(handlerDefinition));
    }

    /**
     * A payment's UNSETTLED deadline fires in its source's statement, which may have no line yet (no
     * file of that source was ever imported: exactly when a deposit that never arrived must be
     * flagged). Axon's repository drops a deadline whose aggregate is not found (logged at debug);
     * this one starts the statement's stream with the flag instead.
     */
    static final class DeadlinesCreateStatements extends EventSourcingRepository<Statement> {

        DeadlinesCreateStatements(EventSourcingRepository.Builder<Statement> builder) {
            super(builder);
        }

        @Override
        public void send(Message<?> message, ScopeDescriptor scopeDescription) throws Exception {
            if (canResolve(scopeDescription)) {
                String id = ((AggregateScopeDescriptor) scopeDescription).getIdentifier().toString();
                loadOrCreate(id, Statement::new).handle(message);
            }
        }
    }
}
