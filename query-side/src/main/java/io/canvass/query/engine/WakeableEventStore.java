package io.canvass.query.engine;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * Axon's embedded event store, which reads the event table on its own thread every poll interval,
 * with a way to make it read now: {@link AppendNotifications} calls {@link #wake} when PostgreSQL
 * says events were appended (what the store does itself when events are appended in its own JVM).
 */
final class WakeableEventStore extends EmbeddedEventStore {

    WakeableEventStore(Builder builder) {
        super(builder);
    }

    /** Reads the event table now, if the reader is waiting for its next poll. */
    void wake() {
        afterCommit(List.of());
    }
}
