package io.canvass.command.prospect;

import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Prospects, event-sourced and read from the store for every command, never from a cache: another
 * command side may have moved the stream on (docs/command-consistency.md, where a cache was
 * measured to buy nothing here).
 */
@Configuration(proxyBeanMethods = false)
class ProspectRepositories {

    @Bean
    Repository<Prospect> prospectRepository(EventStore eventStore) {
        return EventSourcingRepository.builder(Prospect.class).eventStore(eventStore).build();
    }
}
