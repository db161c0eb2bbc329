package io.canvass.query.engine;

import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.query.support.EventStoreFixture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projections learn of appended events from PostgreSQL (LISTEN/NOTIFY, migration V7), not from
 * polling: with the poll set to an hour, every append still reaches the read models at once.
 */
@SpringBootTest(properties = {"canvass.embedded-mongo.port=0", "canvass.projections.poll-interval=1h"})
class AppendNotificationsTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();

    @DynamicPropertySource
    static void eventStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EVENTS::jdbcUrl);
    }

    @Autowired
    Freshness freshness;
    @Autowired
    AppendNotifications notifications;

    @Test
    void every_append_reaches_the_read_models_without_a_poll() {
        await().atMost(Duration.ofSeconds(30)).until(notifications::listening);
        for (int i = 0; i < 5; i++) {
            DistrictId district = new DistrictId("n-" + i);
            EVENTS.append(district, "District", new DistrictPlanned(district, "Harbin", "N " + i,
                    List.of(new PlannedStreet(new StreetId("s"), "S")), Instant.parse("2026-03-01T00:00:00Z")),
                    "manager", "MANAGER");
            long head = EVENTS.head();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> freshness.position() >= head);
        }
        assertThat(notifications.received()).isGreaterThanOrEqualTo(5);
    }
}
