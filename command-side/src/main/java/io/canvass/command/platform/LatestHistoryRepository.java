package io.canvass.command.platform;

import io.micrometer.core.instrument.Counter;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Axon's caching event-sourced repository, except that a cached aggregate is a head start, never
 * the answer: before it is used, the events stored after its version are read (one query on the
 * event table's unique (aggregate_identifier, sequence_number) index, which finds none when nothing
 * changed) and applied to it. Another command side may have moved the stream on since this one
 * cached it; Axon's cache alone would decide the command on that old history (issue 30, see
 * docs/command-consistency.md). An aggregate not in the cache is read whole, as Axon reads it.
 * <p>
 * The read runs in the command's transaction after this instance's lock on the aggregate is
 * taken, so it sees every event committed before; one committed after it makes the append fail on
 * the unique key, and {@link CommandSender} decides the command again.
 */
final class LatestHistoryRepository<T> extends CachingEventSourcingRepository<T> {

    /** How each load was served, counted for operations and for docs/command-consistency.md's measurements. */
    record Loads(Counter fromCache, Counter caughtUp, Counter fromStore) {
    }

    private final EventStore eventStore;
    private final Cache cache;
    private final Loads loads;

    LatestHistoryRepository(EventSourcingRepository.Builder<T> builder, EventStore eventStore, Cache cache, Loads loads) {
        super(builder.eventStore(eventStore).cache(cache));
        this.eventStore = eventStore;
        this.cache = cache;
        this.loads = loads;
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        if (!cache.containsKey(aggregateIdentifier)) {
            loads.fromStore().increment();
            return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        }
        // from the cache (or, if the entry was collected just now, read whole: then nothing is newer)
        EventSourcedAggregate<T> aggregate = super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        DomainEventStream newer = eventStore.readEvents(aggregateIdentifier, aggregate.version() + 1);
        if (newer.hasNext()) {
            aggregate.initializeState(newer);
            loads.caughtUp().increment();
        } else {
            loads.fromCache().increment();
        }
        return aggregate;
    }
}
