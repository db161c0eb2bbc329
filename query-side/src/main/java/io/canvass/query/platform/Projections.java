package io.canvass.query.platform;

import io.canvass.events.campaign.CampaignEvent;
import io.canvass.events.contract.ContractEvent;
import io.canvass.events.contract.ContractFollowUp;
import io.canvass.events.prospect.ProspectEvent;
import io.canvass.events.territory.DistrictEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
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

    /** A stored event of a type this version does not know (newer, or written by mistake): parked, not skipped. */
    @EventHandler
    void on(UnknownSerializedType unknown, DomainEventMessage<?> message, TrackingToken token) {
        gather(null, message, token, "unknown event type " + unknown.serializedType().getName() + " revision "
                + unknown.serializedType().getRevision());
    }

    static void gather(Object event, DomainEventMessage<?> message, TrackingToken token, String problem) {
        List<Projector.Delivery> batch = CurrentUnitOfWork.get().root().getOrComputeResource(BATCH, key -> new ArrayList<>());
        batch.add(delivery(event, message, token, problem));
    }

    static Projector.Delivery delivery(Object event, DomainEventMessage<?> message, TrackingToken token, String problem) {
        long position = token == null ? -1 : token.position().orElse(-1);
        String type = event != null ? event.getClass().getSimpleName() : message.getType() + " event";
        return new Projector.Delivery(event, message.getSequenceNumber(), message.getTimestamp(), position,
                message.getAggregateIdentifier(), message.getIdentifier(), type, problem);
    }

    /**
     * A stored event as the handlers above take it, for a reader of the event store other than the
     * processor (the bulk build): its delivery, with why it cannot be read if so; null for an event
     * no handler takes (it is skipped, as the processor skips it).
     */
    static Projector.Delivery delivery(TrackedEventMessage<?> message) {
        if (!(message instanceof DomainEventMessage<?> domain)) {
            return null;
        }
        Object payload;
        try {
            payload = message.getPayload();
        } catch (RuntimeException unreadable) {
            return delivery(null, domain, message.trackingToken(), "the stored event cannot be read: "
                    + Projector.describe(unreadable));
        }
        if (payload instanceof UnknownSerializedType unknown) {
            return delivery(null, domain, message.trackingToken(), "unknown event type "
                    + unknown.serializedType().getName() + " revision " + unknown.serializedType().getRevision());
        }
        boolean handled = payload instanceof DistrictEvent || payload instanceof ProspectEvent
                || payload instanceof ContractEvent || payload instanceof ContractFollowUp || payload instanceof CampaignEvent;
        return handled ? delivery(payload, domain, message.trackingToken(), null) : null;
    }

    /** Applies the gathered events after the last event of the unit of work (every event, if it is not a batch). */
    static final class ApplyAtEndOfBatch implements MessageHandlerInterceptor<EventMessage<?>> {

        private final Projector projector;
        private final Runnable onFailure;

        ApplyAtEndOfBatch(Projector projector, Runnable onFailure) {
            this.projector = projector;
            this.onFailure = onFailure;
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
                if (gathered != null && !gathered.isEmpty()) {
                    try {
                        projector.apply(gathered);
                    } catch (RuntimeException e) {
                        onFailure.run();
                        throw e;
                    }
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
