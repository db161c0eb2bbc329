package io.canvass.query.platform;

import io.canvass.events.contract.ContractEvent;
import io.canvass.events.prospect.ProspectEvent;
import io.canvass.events.territory.DistrictEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every event into every read model, a batch at a time. The handlers only gather the batch's
 * events; {@link ApplyAtEndOfBatch}, an interceptor around each event of the processing group,
 * hands them to the {@link Projector} once the batch's last event has been handled. That is still
 * inside the batch's unit of work, before Axon stores the token (which it does when the unit of
 * work commits): a failure rolls the batch back and Axon handles it again, nothing is skipped.
 */
@Component
@ProcessingGroup(Freshness.PROCESSING_GROUP)
class Projections {

    private static final String BATCH = Projections.class.getName() + ".batch";

    @EventHandler
    void on(DistrictEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt, TrackingToken token) {
        gather(event, sequence, recordedAt, token);
    }

    @EventHandler
    void on(ProspectEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt, TrackingToken token) {
        gather(event, sequence, recordedAt, token);
    }

    @EventHandler
    void on(ContractEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt, TrackingToken token) {
        gather(event, sequence, recordedAt, token);
    }

    static void gather(Object event, long sequence, Instant recordedAt, TrackingToken token) {
        long position = token == null ? -1 : token.position().orElse(-1);
        List<Projector.Delivery> batch = CurrentUnitOfWork.get().root().getOrComputeResource(BATCH, key -> new ArrayList<>());
        batch.add(new Projector.Delivery(event, sequence, recordedAt, position));
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
            Object result = interceptorChain.proceed();
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
