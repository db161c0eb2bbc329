package io.canvass.query.platform;

import io.canvass.events.Channel;
import io.canvass.events.UserId;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Axon side of batching: the events of a unit of work are applied once, after the last one,
 * before the unit of work commits (when Axon stores the token); a failure rolls it back, so the
 * token is not stored and the batch comes again.
 */
class ProjectionBatchesTest {

    static final class RecordingProjector extends Projector {
        final List<List<Delivery>> applied = new ArrayList<>();
        final boolean fail;

        RecordingProjector(boolean fail) {
            super(null, List.of(), null, null);
            this.fail = fail;
        }

        @Override
        public void apply(List<Delivery> batch) {
            if (fail) {
                throw new IllegalStateException("MongoDB went away");
            }
            applied.add(List.copyOf(batch));
        }
    }

    static List<EventMessage<?>> events(int count) {
        List<EventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new GenericDomainEventMessage<>("Prospect", "prospect:p-" + i, 0, new ProspectRecorded(
                    new ProspectId("p-" + i), Channel.HOTEL, "Hotel " + i, new DistrictId("d-1"), new StreetId("s-1"),
                    i + " Rd", null, null, new UserId("sales1"), Instant.parse("2026-03-01T02:00:00Z"))));
        }
        return events;
    }

    /** Runs a batch the way Axon's processors do: every event through the interceptor, then commit. */
    static boolean process(List<EventMessage<?>> events, Projector projector, AtomicInteger failures) {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
        AtomicBoolean tokenStored = new AtomicBoolean();
        unitOfWork.onPrepareCommit(u -> tokenStored.set(true));
        AtomicInteger position = new AtomicInteger();
        unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork,
                List.of(new Projections.ApplyAtEndOfBatch(projector, failures::incrementAndGet, ids -> {
                    throw new AssertionError("positions are told by these tokens, not looked up: " + ids);
                }, () -> { })), message -> {
                    Projections.gather(message.getPayload(), (DomainEventMessage<?>) message,
                            new GlobalSequenceTrackingToken(position.getAndIncrement()), null);
                    return null;
                }).proceed(), RollbackConfigurationType.ANY_THROWABLE);
        return tokenStored.get();
    }

    @Test
    void a_batch_is_applied_once_after_its_last_event_and_before_the_token_is_stored() {
        RecordingProjector projector = new RecordingProjector(false);
        AtomicInteger failures = new AtomicInteger();

        assertThat(process(events(3), projector, failures)).isTrue();

        assertThat(projector.applied).hasSize(1);
        assertThat(projector.applied.get(0)).extracting(Projector.Delivery::position).containsExactly(0L, 1L, 2L);
        assertThat(failures).hasValue(0);
    }

    @Test
    void a_failing_batch_is_rolled_back_and_its_token_not_stored() {
        AtomicInteger failures = new AtomicInteger();

        assertThat(process(events(3), new RecordingProjector(true), failures)).isFalse();

        assertThat(failures).hasValue(1);
    }
}
