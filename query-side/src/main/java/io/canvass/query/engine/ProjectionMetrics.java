package io.canvass.query.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What operators watch on the projections: how far behind the event store they are, in events and
 * in seconds, and how often a handler failed (the batch is then retried by Axon).
 */
@Configuration(proxyBeanMethods = false)
class ProjectionMetrics {

    @Bean
    Counter projectionFailures(MeterRegistry meters) {
        return Counter.builder("canvass.projection.failures")
                .description("Failures projecting a batch of events (the batch is retried)")
                .tag("processing_group", Freshness.PROCESSING_GROUP)
                .register(meters);
    }

    /** Counts every handler failure, then lets Axon's default handling (retry the batch) go on. */
    @Bean
    ConfigurerModule countProjectionFailures(Counter projectionFailures) {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                Freshness.PROCESSING_GROUP, configuration -> (exception, event, listener) -> {
                    projectionFailures.increment();
                    throw exception;
                });
    }

    @Bean
    Lag projectionLag(MeterRegistry meters, Freshness freshness, JdbcTemplate eventStore, Clock clock) {
        Lag lag = new Lag(freshness, eventStore, clock);
        Gauge.builder("canvass.projection.lag.events", lag, Lag::events)
                .description("Events in the store that the projections have not processed yet")
                .tag("processing_group", Freshness.PROCESSING_GROUP)
                .register(meters);
        Gauge.builder("canvass.projection.lag.seconds", lag, Lag::seconds)
                .description("Age of the oldest event the projections have not processed yet")
                .tag("processing_group", Freshness.PROCESSING_GROUP)
                .register(meters);
        return lag;
    }

    static final class Lag {
        private final Freshness freshness;
        private final JdbcTemplate eventStore;
        private final Clock clock;

        Lag(Freshness freshness, JdbcTemplate eventStore, Clock clock) {
            this.freshness = freshness;
            this.eventStore = eventStore;
            this.clock = clock;
        }

        double events() {
            try {
                Long head = eventStore.queryForObject("select coalesce(max(global_index), -1) from domain_event_entry",
                        Long.class);
                return Math.max(0, head - freshness.position());
            } catch (RuntimeException unreachable) {
                return Double.NaN;
            }
        }

        double seconds() {
            try {
                List<String> next = eventStore.queryForList("select time_stamp from domain_event_entry"
                        + " where global_index > ? order by global_index limit 1", String.class, freshness.position());
                return next.isEmpty() ? 0 : Math.max(0, Duration.between(Instant.parse(next.get(0)), clock.instant()).toMillis() / 1000.0);
            } catch (RuntimeException unreachable) {
                return Double.NaN;
            }
        }
    }
}
