package io.canvass.query.engine;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Readiness is withheld until the read models have caught up with the event store. */
class ProjectionsHealthTest {

    private final Freshness freshness = mock(Freshness.class);
    private final DeadLetters deadLetters = mock(DeadLetters.class);
    private final ProjectionsHealth health = new ProjectionsHealth(freshness, deadLetters);

    @Test
    void not_ready_while_the_projections_are_replaying() {
        when(freshness.caughtUp()).thenReturn(false);
        when(freshness.position()).thenReturn(120L);
        assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.health().getDetails()).containsEntry("position", 120L).containsEntry("caughtUp", false);
    }

    @Test
    void ready_once_caught_up() {
        when(freshness.caughtUp()).thenReturn(true);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    /** Parked events do not take the query side out of service; readiness names them. */
    @Test
    void parked_events_are_reported_without_taking_the_query_side_out_of_service() {
        when(freshness.caughtUp()).thenReturn(true);
        when(deadLetters.count()).thenReturn(2.0);
        when(deadLetters.parked()).thenReturn(java.util.List.of(
                new DeadLetters.Parked("contract:c-1", 41, java.time.Instant.parse("2026-11-30T01:00:00Z"))));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("parkedEvents", 2L)
                .containsEntry("parkedStreams", java.util.List.of("contract:c-1"));
    }
}
