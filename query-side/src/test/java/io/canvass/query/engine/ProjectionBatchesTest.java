package io.canvass.query.engine;

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
        return process(events, projector, failures, new ProjectionProgress(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), java.time.Clock.systemUTC()));
    }

    static boolean process(List<EventMessage<?>> events, Projector projector, AtomicInteger failures,
                           ProjectionProgress progress) {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
        AtomicBoolean tokenStored = new AtomicBoolean();
        unitOfWork.onPrepareCommit(u -> tokenStored.set(true));
        AtomicInteger position = new AtomicInteger();
        unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork,
                List.of(new Projections.ApplyAtEndOfBatch(projector, failures::incrementAndGet, ids -> {
                    throw new AssertionError("positions are told by these tokens, not looked up: " + ids);
                }, progress)), message -> {
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

    /** The path from commit to applied is timed phase by phase, and a batch done wakes who waits for it. */
    @Test
    void a_batch_is_timed_and_wakes_the_answers_waiting_for_it() throws Exception {
        var metrics = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        ProjectionProgress progress = new ProjectionProgress(metrics, java.time.Clock.systemUTC());
        AtomicBoolean woken = new AtomicBoolean();
        Thread waiting = new Thread(() -> woken.set(progress.awaitNext(java.time.Duration.ofDays(1))));
        waiting.start();
        org.awaitility.Awaitility.await().until(() -> waiting.getState() == Thread.State.TIMED_WAITING);

        assertThat(process(events(3), new RecordingProjector(false), new AtomicInteger(), progress)).isTrue();

        waiting.join(30_000);
        assertThat(woken).isTrue();
        assertThat(metrics.get("canvass.projection.phase").tag("phase", "delivered").timer().count()).isEqualTo(3);
        assertThat(metrics.get("canvass.projection.phase").tag("phase", "applied").timer().count()).isEqualTo(1);
        assertThat(metrics.get("canvass.projection.phase").tag("phase", "stored").timer().count()).isEqualTo(1);
    }
}
