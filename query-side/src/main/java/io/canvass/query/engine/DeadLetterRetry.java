package io.canvass.query.engine;

import io.canvass.platform.web.NullWhen;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.UnknownSerializedType;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies parked events again, a stream at a time and in order, reading them afresh from the event
 * store (through today's serializer and upcasters: an upgrade that learnt a new event type or fixed
 * a read model is what makes a retry succeed). The read models are idempotent, so applying again
 * what was applied is harmless; a stream leaves the dead letters only when all its events applied.
 */
@Component
public class DeadLetterRetry {

    private static final int ROUNDS = 3;

    private final DeadLetters deadLetters;
    private final Projector projector;
    private final EventStore eventStore;

    DeadLetterRetry(DeadLetters deadLetters, Projector projector, EventStore eventStore) {
        this.deadLetters = deadLetters;
        this.projector = projector;
        this.eventStore = eventStore;
    }

    /** What a retry did to one stream: events applied, events still parked, and why. */
    public record Outcome(String stream, int applied, int stillParked,
                          @NullWhen("every parked event of the stream was applied") String error) {
    }

    public synchronized List<Outcome> retryAll() {
        List<Outcome> outcomes = new ArrayList<>();
        for (String stream : new java.util.TreeSet<>(deadLetters.parkedStreams())) {
            outcomes.add(retry(stream));
        }
        return outcomes;
    }

    /**
     * Retries a stream's parked events. A few rounds: the projections may park one more event of
     * the stream while a round runs (it was still parked when their batch began).
     */
    public synchronized Outcome retry(String stream) {
        int applied = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<DeadLetters.DeadLetter> letters = deadLetters.of(stream);
            if (letters.isEmpty()) {
                return new Outcome(stream, applied, 0, null);
            }
            Map<Long, DomainEventMessage<?>> stored = new HashMap<>();
            eventStore.readEvents(stream).asStream().forEach(message -> stored.put(message.getSequenceNumber(), message));
            List<Projector.Delivery> deliveries = new ArrayList<>();
            for (DeadLetters.DeadLetter letter : letters) {
                DomainEventMessage<?> message = stored.get(letter.sequence());
                String problem = null;
                Object payload = null;
                try {
                    payload = message == null ? null : message.getPayload();
                    if (message == null) {
                        problem = "the event is no longer in the event store";
                    } else if (payload instanceof UnknownSerializedType unknown) {
                        problem = "unknown event type " + unknown.serializedType().getName() + " revision "
                                + unknown.serializedType().getRevision();
                    }
                } catch (RuntimeException unreadable) {
                    problem = "the stored event cannot be read: " + Projector.describe(unreadable);
                }
                if (problem != null) {
                    deadLetters.failedAgain(letter.id(), problem);
                    return new Outcome(stream, applied, letters.size(), problem);
                }
                deliveries.add(new Projector.Delivery(payload, letter.sequence(), message.getTimestamp(),
                        letter.position(), stream, letter.id(), letter.eventType(), null));
            }
            try {
                projector.applyNow(deliveries);
            } catch (RuntimeException stillFailing) {
                String error = Projector.describe(stillFailing);
                deadLetters.failedAgain(letters.get(0).id(), error);
                return new Outcome(stream, applied, letters.size(), error);
            }
            deadLetters.remove(letters.stream().map(DeadLetters.DeadLetter::id).toList());
            applied += letters.size();
        }
        List<DeadLetters.DeadLetter> left = deadLetters.of(stream);
        return new Outcome(stream, applied, left.size(), left.isEmpty() ? null : "more events of the stream were parked"
                + " while retrying; retry again");
    }
}
