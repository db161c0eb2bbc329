package io.canvass.command.contract;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Contracts, event-sourced and cached (a contract takes several commands in a row). */
@Configuration(proxyBeanMethods = false)
class ContractRepositories {

    @Bean
    Repository<Contract> contractRepository(EventStore eventStore, Cache aggregateCache) {
        return EventSourcingRepository.builder(Contract.class).eventStore(eventStore).cache(aggregateCache).build();
    }
}
