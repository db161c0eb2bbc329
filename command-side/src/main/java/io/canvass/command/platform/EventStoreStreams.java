package io.canvass.command.platform;

import io.canvass.events.StreamIdentifier;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Asks the event store directly for the stream's last sequence number: cheaper than loading the
 * aggregate, and without the exception (and the warning Axon logs) that loading a missing one costs.
 */
@Component
class EventStoreStreams implements Streams {

    private final EventStore eventStore;

    EventStoreStreams(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public boolean exists(StreamIdentifier id) {
        return eventStore.lastSequenceNumberFor(id.streamId()).isPresent();
    }
}
