package io.canvass.command.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The repositories of the features' aggregates, sharing one cache of aggregates (weak references,
 * so a contract's next command finds it in memory instead of reading all its events again).
 * Several command sides run on one event store, so a cached aggregate is brought up to the
 * stream's latest event before every command ({@link LatestHistoryRepository}); see
 * docs/command-consistency.md for what that costs and buys.
 */
@Configuration(proxyBeanMethods = false)
public class AggregateCaching {

    /** Builds event-sourced repositories that decide every command on the aggregate's latest history. */
    public static final class Aggregates {

        private final EventStore eventStore;
        private final Cache cache;
        private final LatestHistoryRepository.Loads loads;

        /** With {@code cache} null, every load reads the whole stream (canvass.aggregates.cache=false). */
        Aggregates(EventStore eventStore, Cache cache, MeterRegistry meters) {
            this.eventStore = eventStore;
            this.cache = cache;
            this.loads = new LatestHistoryRepository.Loads(loads(meters, "cache"), loads(meters, "cache_caught_up"),
                    loads(meters, "store"));
        }

        private static Counter loads(MeterRegistry meters, String from) {
            return Counter.builder("canvass.aggregates.loaded")
                    .description("Aggregates loaded for a command: from the cache and current, from the cache and"
                            + " brought up to date with events another command side stored, or read whole")
                    .tag("from", from).register(meters);
        }

        /** The repository the builder describes (its type, handlers, parameter resolution), cached and kept current. */
        public <T> Repository<T> repository(EventSourcingRepository.Builder<T> builder) {
            if (cache == null) {
                return builder.eventStore(eventStore).build();
            }
            return new LatestHistoryRepository<>(builder, eventStore, cache, loads);
        }
    }

    /**
     * The cache can be switched off ({@code canvass.aggregates.cache=false}): every command then reads
     * its aggregate's whole stream (measured in docs/command-consistency.md).
     */
    @Bean
    public Aggregates aggregates(EventStore eventStore, MeterRegistry meters,
                                 @Value("${canvass.aggregates.cache:true}") boolean cached) {
        return new Aggregates(eventStore, cached ? new WeakReferenceCache() : null, meters);
    }
}
