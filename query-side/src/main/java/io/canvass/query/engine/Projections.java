package io.canvass.query.engine;

import io.canvass.events.campaign.CampaignEvent;
import io.canvass.events.contract.ContractEvent;
import io.canvass.events.contract.ContractFollowUp;
import io.canvass.events.prospect.ProspectEvent;
import io.canvass.events.settlement.StatementEvent;
import io.canvass.events.territory.DistrictEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.UnknownSerializedType;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Every event into every read model, a batch at a time. The handlers only gather the batch's
 * events; {@link ApplyAtEndOfBatch}, an interceptor around each event of the processing group,
 * hands them to the {@link Projector} once the batch's last event has been handled. That is still
 * inside the batch's unit of work, before Axon stores the token (which it does when the unit of
 * work commits): a failure of MongoDB rolls the batch back and Axon handles it again, nothing is
 * skipped; an event that cannot be read or applied is parked ({@link DeadLetters}), with the later
 * events of its stream, and the rest flows on.
 */
@Component
@ProcessingGroup(Freshness.PROCESSING_GROUP)
class Projections {

    private static final String BATCH = Projections.class.getName() + ".batch";
    private static final String LAST_TOKEN = Projections.class.getName() + ".lastToken";

    @EventHandler
    void on(DistrictEvent event, DomainEventMessage<?> message, TrackingToken token) {
        gather(event, message, token, null);
    }

    @EventHandler
    void on(ProspectEvent event, DomainEventMessage<?> message, TrackingToken token) {
        gather(event, message, token, null);
    }

    @EventHandler
    void on(ContractEvent event, DomainEventMessage<?> message, TrackingToken token) {
        gather(event, message, token, null);
    }

    @EventHandler
    void on(ContractFollowUp event, DomainEventMessage<?> message, TrackingToken token) {
        gather(event, message, token, null);
    }

    @EventHandler
    void on(CampaignEvent event, DomainEventMessage<?> message, TrackingToken token) {
        gather(event, message, token, null);
    }

    @EventHandler
    void on(StatementEvent event, DomainEventMessage<?> message, TrackingToken token) {
        gather(event, message, token, null);
    }

    /** A stored event of a type this version does not know (newer, or written by mistake): parked, not skipped. */
    @EventHandler
    void on(UnknownSerializedType unknown, DomainEventMessage<?> message, TrackingToken token) {
        gather(null, message, token, "unknown event type " + unknown.serializedType().getName() + " revision "
                + unknown.serializedType().getRevision());
    }

    static void gather(Object event, DomainEventMessage<?> message, TrackingToken token, String problem) {
        var resources = CurrentUnitOfWork.get().root().resources();
        @SuppressWarnings("unchecked")
        List<Projector.Delivery> batch = (List<Projector.Delivery>) resources.computeIfAbsent(BATCH, key -> new ArrayList<>());
        TrackingToken previous = (TrackingToken) resources.get(LAST_TOKEN);
        batch.add(delivery(event, message, positionOf(previous, token), problem));
        if (token != null) {
            resources.put(LAST_TOKEN, token);
        }
    }

    /** A position not told by the tokens: looked up by the event's identifier before the batch is applied. */
    static final long UNKNOWN = Long.MIN_VALUE;

    /**
     * The stored position of the event whose token is {@code current}, the token before it being
     * {@code previous}. A gap-aware token's index is the highest position seen, not the event's own:
     * an event that committed after a later position was read (appenders commit in parallel) arrives
     * with the index unchanged and its position taken out of the gaps. So: the index when it moved
     * on by this event alone (every position in between became a gap, nothing else changed), the one
     * gap filled when only that changed, and {@link #UNKNOWN} otherwise (no previous token, or an event
     * no handler takes came in between).
     */
    static long positionOf(TrackingToken previous, TrackingToken current) {
        if (current == null) {
            return -1;
        }
        var now = WrappedToken.unwrap(current, GapAwareTrackingToken.class);
        if (now.isEmpty()) {
            return current.position().orElse(-1);
        }
        var before = previous == null ? java.util.Optional.<GapAwareTrackingToken>empty()
                : WrappedToken.unwrap(previous, GapAwareTrackingToken.class);
        if (before.isEmpty()) {
            return UNKNOWN;
        }
        GapAwareTrackingToken was = before.get();
        GapAwareTrackingToken is = now.get();
        if (is.getIndex() > was.getIndex()) {
            boolean onlyThis = is.getGaps().containsAll(was.getGaps()) && is.getGaps().subSet(was.getIndex() + 1,
                    is.getIndex()).size() == is.getIndex() - was.getIndex() - 1;
            return onlyThis ? is.getIndex() : UNKNOWN;
        }
        if (is.getIndex() == was.getIndex() && was.getGaps().containsAll(is.getGaps())
                && was.getGaps().size() == is.getGaps().size() + 1) {
            java.util.SortedSet<Long> filled = new java.util.TreeSet<>(was.getGaps());
            filled.removeAll(is.getGaps());
            return filled.first();
        }
        return UNKNOWN;
    }

    /** The deliveries with their {@link #UNKNOWN} positions looked up by event identifier. */
    static List<Projector.Delivery> resolved(List<Projector.Delivery> deliveries,
                                             java.util.function.Function<List<String>, java.util.Map<String, Long>> lookup) {
        List<String> unknown = deliveries.stream().filter(d -> d.position() == UNKNOWN).map(Projector.Delivery::eventId)
                .toList();
        if (unknown.isEmpty()) {
            return deliveries;
        }
        java.util.Map<String, Long> found = lookup.apply(unknown);
        return deliveries.stream().map(d -> d.position() != UNKNOWN ? d : new Projector.Delivery(d.event(), d.sequence(),
                d.recordedAt(), found.getOrDefault(d.eventId(), -1L), d.streamId(), d.eventId(), d.type(), d.problem()))
                .toList();
    }

    /** Looks stored positions up by event identifier (unique in the event table). */
    static java.util.function.Function<List<String>, java.util.Map<String, Long>> lookup(
            org.springframework.jdbc.core.JdbcTemplate eventStore) {
        return ids -> {
            java.util.Map<String, Long> positions = new java.util.HashMap<>();
            eventStore.query("select event_identifier, global_index from domain_event_entry where event_identifier = any(?)",
                    row -> {
                        positions.put(row.getString(1), row.getLong(2));
                    }, (Object) ids.toArray(new String[0]));
            return positions;
        };
    }

    static Projector.Delivery delivery(Object event, DomainEventMessage<?> message, long position, String problem) {
        String type = event != null ? event.getClass().getSimpleName() : message.getType() + " event";
        return new Projector.Delivery(event, message.getSequenceNumber(), message.getTimestamp(), position,
                message.getAggregateIdentifier(), message.getIdentifier(), type, problem);
    }

    /**
     * A stored event as the handlers above take it, for a reader of the event store other than the
     * processor (the bulk build): its delivery, with why it cannot be read if so; null for an event
     * no handler takes (it is skipped, as the processor skips it). {@code previous} is the token of
     * the message read before it (null for the first): see {@link #positionOf}.
     */
    static Projector.Delivery delivery(TrackedEventMessage<?> message, TrackingToken previous) {
        if (!(message instanceof DomainEventMessage<?> domain)) {
            return null;
        }
        long position = positionOf(previous, message.trackingToken());
        Object payload;
        try {
            payload = message.getPayload();
        } catch (RuntimeException unreadable) {
            return delivery(null, domain, position, "the stored event cannot be read: " + Projector.describe(unreadable));
        }
        if (payload instanceof UnknownSerializedType unknown) {
            return delivery(null, domain, position, "unknown event type "
                    + unknown.serializedType().getName() + " revision " + unknown.serializedType().getRevision());
        }
        boolean handled = payload instanceof DistrictEvent || payload instanceof ProspectEvent
                || payload instanceof ContractEvent || payload instanceof ContractFollowUp || payload instanceof CampaignEvent
                || payload instanceof StatementEvent;
        return handled ? delivery(payload, domain, position, null) : null;
    }

    /** Applies the gathered events after the last event of the unit of work (every event, if it is not a batch). */
    static final class ApplyAtEndOfBatch implements MessageHandlerInterceptor<EventMessage<?>> {

        private final Projector projector;
        private final Runnable onFailure;
        private final java.util.function.Function<List<String>, java.util.Map<String, Long>> positions;
        private final ProjectionProgress progress;

        /**
         * @param progress told when a batch starts, when it was applied, and when its unit of work
         *                 is over: in its clean-up, after Axon has moved the segment's status on
         *                 (after commit), so a waiting answer woken then sees it
         */
        ApplyAtEndOfBatch(Projector projector, Runnable onFailure,
                          java.util.function.Function<List<String>, java.util.Map<String, Long>> positions,
                          ProjectionProgress progress) {
            this.projector = projector;
            this.onFailure = onFailure;
            this.positions = positions;
            this.progress = progress;
        }

        @Override
        public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
                throws Exception {
            Object result = null;
            try {
                result = interceptorChain.proceed();
            } catch (Exception unreadable) {
                // the handlers only gather: what fails here is reading the stored event (its JSON, its values)
                EventMessage<?> message = unitOfWork.getMessage();
                if (!(message instanceof DomainEventMessage<?> domain)) {
                    throw unreadable;
                }
                gather(null, domain, message instanceof TrackedEventMessage<?> tracked ? tracked.trackingToken() : null,
                        "the stored event cannot be read: " + Projector.describe(unreadable));
            }
            if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
                List<Projector.Delivery> gathered = unitOfWork.root().resources().remove(BATCH) instanceof List<?> list
                        ? cast(list) : null;
                unitOfWork.root().resources().remove(LAST_TOKEN);
                if (gathered != null && !gathered.isEmpty()) {
                    progress.starting(gathered);
                    long started = System.nanoTime();
                    try {
                        projector.apply(resolved(gathered, positions));
                    } catch (RuntimeException e) {
                        onFailure.run();
                        throw e;
                    }
                    long applied = System.nanoTime();
                    progress.applied(applied - started);
                    unitOfWork.root().onCleanup(done -> progress.advanced(System.nanoTime() - applied));
                }
            }
            return result;
        }

        @SuppressWarnings("unchecked")
        private static List<Projector.Delivery> cast(List<?> list) {
            return (List<Projector.Delivery>) list;
        }
    }
}
