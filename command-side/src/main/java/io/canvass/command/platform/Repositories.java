package io.canvass.command.platform;

import io.canvass.command.contract.Contract;
import io.canvass.command.prospect.Prospect;
import io.canvass.command.territory.District;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One event-sourced repository per aggregate, named as the aggregates' {@code @Aggregate} say.
 * Prospects and contracts are kept in a cache of weak references: a contract's next command
 * finds it in memory instead of reading its events again. It stays correct with several command
 * sides: an aggregate another instance has moved on is refused by the event table's unique
 * (aggregate, sequence) key when this one appends, Axon drops it from the cache, and the client's
 * retry reads it afresh.
 */
@Configuration(proxyBeanMethods = false)
public class Repositories {

    @Bean
    public Cache aggregateCache() {
        return new WeakReferenceCache();
    }

    @Bean
    public Repository<District> districtRepository(EventStore eventStore) {
        return EventSourcingRepository.builder(District.class).eventStore(eventStore).build();
    }

    @Bean
    public Repository<Prospect> prospectRepository(EventStore eventStore, Cache aggregateCache) {
        return EventSourcingRepository.builder(Prospect.class).eventStore(eventStore).cache(aggregateCache).build();
    }

    @Bean
    public Repository<Contract> contractRepository(EventStore eventStore, Cache aggregateCache) {
        return EventSourcingRepository.builder(Contract.class).eventStore(eventStore).cache(aggregateCache).build();
    }
}
