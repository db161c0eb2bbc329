package io.canvass.query.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How the projections follow the event store. PostgreSQL notifies each append (LISTEN on the channel
 * migration V7 notifies) and the store reads at once; {@code canvass.projections.notifications=false}
 * switches the listener off where LISTEN cannot work (a pooler in transaction mode), and then the
 * poll should be short.
 *
 * @param pollInterval  how often the store looks for events without a notification (one indexed query
 *                      when there are none): only matters while the notifications' connection is lost
 * @param nudgeInterval how often the processor looks at what the store has read, in memory
 * @param claimTimeout  when a segment whose instance went silent may be claimed by another
 */
@ConfigurationProperties("canvass.projections")
public record ProjectionSettings(Duration pollInterval, Duration nudgeInterval, Duration claimTimeout) {

    public ProjectionSettings {
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        nudgeInterval = nudgeInterval == null ? Duration.ofMillis(5) : nudgeInterval;
        claimTimeout = claimTimeout == null ? Duration.ofSeconds(10) : claimTimeout;
        if (pollInterval.toMillis() < 1 || nudgeInterval.toMillis() < 1 || claimTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("canvass.projections.poll-interval, .nudge-interval and .claim-timeout"
                    + " must each be at least 1ms, not " + pollInterval + ", " + nudgeInterval + ", " + claimTimeout);
        }
    }
}
