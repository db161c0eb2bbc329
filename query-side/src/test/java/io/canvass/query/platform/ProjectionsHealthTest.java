package io.canvass.query.platform;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Readiness is withheld until the read models have caught up with the event store. */
class ProjectionsHealthTest {

    private final Freshness freshness = mock(Freshness.class);
    private final ProjectionsHealth health = new ProjectionsHealth(freshness);

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
}
