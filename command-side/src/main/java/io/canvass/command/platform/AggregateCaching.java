package io.canvass.command.platform;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cache of aggregates the features' repositories may share: weak references, so a contract's
 * next command finds it in memory instead of reading its events again. It stays correct with
 * several command sides: an aggregate another instance has moved on is refused by the event
 * table's unique (aggregate, sequence) key when this one appends, Axon drops it from the cache,
 * and the client's retry reads it afresh.
 */
@Configuration(proxyBeanMethods = false)
public class AggregateCaching {

    @Bean
    public Cache aggregateCache() {
        return new WeakReferenceCache();
    }
}
