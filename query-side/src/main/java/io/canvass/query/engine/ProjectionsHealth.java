package io.canvass.query.engine;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness: the query side is not ready until the read models have caught up with the
 * event store (after a start on an empty MongoDB, or a rebuild, that is a full replay).
 */
@Component("projectionsHealthIndicator")
class ProjectionsHealth implements HealthIndicator {

    private final Freshness freshness;
    private final DeadLetters deadLetters;

    ProjectionsHealth(Freshness freshness, DeadLetters deadLetters) {
        this.freshness = freshness;
        this.deadLetters = deadLetters;
    }

    /**
     * Parked events do not take the query side out of service (every other contract's figures are
     * right, and answers name the parked ones); readiness reports them, as the metric and the alert do.
     */
    @Override
    public Health health() {
        boolean caughtUp = freshness.caughtUp();
        Health.Builder health = caughtUp ? Health.up() : Health.outOfService();
        return health.withDetail("position", freshness.position()).withDetail("caughtUp", caughtUp)
                .withDetail("parkedEvents", (long) deadLetters.count())
                .withDetail("parkedStreams", deadLetters.parked().stream().map(DeadLetters.Parked::stream).toList())
                .build();
    }
}
