package io.canvass.command.platform;

import io.canvass.command.contract.Contract;
import io.canvass.command.prospect.Prospect;
import io.canvass.command.territory.District;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One event-sourced repository per aggregate, named as the aggregates' {@code @Aggregate} say. */
@Configuration(proxyBeanMethods = false)
public class Repositories {

    @Bean
    public Repository<District> districtRepository(EventStore eventStore) {
        return EventSourcingRepository.builder(District.class).eventStore(eventStore).build();
    }

    @Bean
    public Repository<Prospect> prospectRepository(EventStore eventStore) {
        return EventSourcingRepository.builder(Prospect.class).eventStore(eventStore).build();
    }

    @Bean
    public Repository<Contract> contractRepository(EventStore eventStore) {
        return EventSourcingRepository.builder(Contract.class).eventStore(eventStore).build();
    }
}
