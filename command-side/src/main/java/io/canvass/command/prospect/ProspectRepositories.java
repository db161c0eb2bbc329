package io.canvass.command.prospect;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Prospects, event-sourced and cached. */
@Configuration(proxyBeanMethods = false)
class ProspectRepositories {

    @Bean
    Repository<Prospect> prospectRepository(EventStore eventStore, Cache aggregateCache) {
        return EventSourcingRepository.builder(Prospect.class).eventStore(eventStore).cache(aggregateCache).build();
    }
}
