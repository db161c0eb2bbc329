package io.canvass.command.territory;

import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** District plans, event-sourced; read rarely, so not cached. */
@Configuration(proxyBeanMethods = false)
class DistrictRepositories {

    @Bean
    Repository<District> districtRepository(EventStore eventStore) {
        return EventSourcingRepository.builder(District.class).eventStore(eventStore).build();
    }
}
