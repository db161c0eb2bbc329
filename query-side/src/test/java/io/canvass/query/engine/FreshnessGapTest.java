package io.canvass.query.engine;

import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.query.support.EventStoreFixture;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Appenders commit out of position order since the chain is sealed after commit (issue 16): the
 * projections may pass a position whose event has not committed yet. What the read models reflect
 * must stop before it, not at the highest position processed; and a rolled-back position, a hole
 * for good once the chain's sealer has passed it, must not hold it back.
 */
@SpringBootTest(properties = "canvass.embedded-mongo.port=0")
class FreshnessGapTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();

    @DynamicPropertySource
    static void eventStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EVENTS::jdbcUrl);
    }

    @Autowired
    Freshness freshness;

    static DistrictPlanned district(String id) {
        return new DistrictPlanned(new DistrictId(id), "Harbin", "N " + id, List.of(new PlannedStreet(new StreetId("s"), "S")),
                Instant.parse("2026-03-01T00:00:00Z"));
    }

    /** The highest position the processor has taken in, gaps or not. */
    long processed() {
        return freshness.processor().processingStatus().values().stream()
                .mapToLong(s -> s.getCurrentPosition().orElse(-1)).min().orElse(-1);
    }

    void appendCommitted(String id) throws Exception {
        try (Connection c = EVENTS.superuser().getConnection()) {
            EVENTS.appendOpen(c, new DistrictId(id), "District", district(id));
            c.commit();
        }
    }

    @Test
    void a_position_passed_before_its_event_committed_holds_freshness_back_until_it_is_processed_or_known_a_hole()
            throws Exception {
        EVENTS.append(new DistrictId("g-0"), "District", district("g-0"), "manager", "MANAGER");
        long first = EVENTS.head();
        await().atMost(Duration.ofSeconds(60)).until(() -> freshness.position() >= first);

        try (Connection slow = EVENTS.superuser().getConnection()) {
            long late = EVENTS.appendOpen(slow, new DistrictId("g-late"), "District", district("g-late"));
            appendCommitted("g-1");
            long after = EVENTS.head();
            await().atMost(Duration.ofSeconds(30)).until(() -> processed() >= after);
            // the processor has passed `late` (a gap in its token), so the read models do not reflect it yet
            assertThat(freshness.position()).isEqualTo(late - 1);
            assertThat(freshness.await(after).stale()).isTrue();
            // the event at `after` (a client's own write) is applied: waiting for it does not wait for `late`
            assertThat(freshness.applied(after)).isTrue();
            assertThat(freshness.applied(late)).isFalse();
            Freshness.Read own = freshness.await(Freshness.EVERYTHING, null, after);
            assertThat(own.stale()).isFalse();
            assertThat(own.asOf().position()).isEqualTo(late - 1);
            assertThat(freshness.await(Freshness.EVERYTHING, null, late).stale()).isTrue();

            slow.commit();
            await().atMost(Duration.ofSeconds(30)).until(() -> freshness.position() >= after);
        }

        try (Connection failing = EVENTS.superuser().getConnection()) {
            long rolledBack = EVENTS.appendOpen(failing, new DistrictId("g-gone"), "District", district("g-gone"));
            appendCommitted("g-2");
            long after = EVENTS.head();
            await().atMost(Duration.ofSeconds(30)).until(() -> processed() >= after);
            assertThat(freshness.position()).isEqualTo(rolledBack - 1);
            failing.rollback();
            // rolled back, but nothing says so until the sealer passes the hole
            Thread.sleep(200);
            assertThat(freshness.position()).isEqualTo(rolledBack - 1);
            EVENTS.seal();
            await().atMost(Duration.ofSeconds(10)).until(() -> freshness.position() >= after);
            // Axon still keeps the hole as a gap; freshness knows it never fills
            for (EventTrackerStatus status : freshness.processor().processingStatus().values()) {
                assertThat(WrappedToken.unwrap(status.getTrackingToken(), GapAwareTrackingToken.class).orElseThrow()
                        .getGaps()).contains(rolledBack);
            }
        }
    }
}
