package io.canvass.command.prospect;

import io.canvass.command.platform.AggregateCaching.Aggregates;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Prospects, event-sourced, cached and kept current. */
@Configuration(proxyBeanMethods = false)
class ProspectRepositories {

    @Bean
    Repository<Prospect> prospectRepository(Aggregates aggregates) {
        return aggregates.repository(EventSourcingRepository.builder(Prospect.class));
    }
}
