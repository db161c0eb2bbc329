package io.canvass.query.engine;

import io.canvass.events.Channel;
import io.canvass.events.UserId;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.query.support.EventStoreFixture;
import io.canvass.query.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebuild on the embedded MongoDB carries a second generation in the heap: it is refused (409),
 * and the current generation stays and answers, when twice what is live exceeds
 * {@code canvass.rebuild.heap-limit-percent} of the heap (here 0: always), rather than run the query side out
 * of memory half-way. The first build at start, with nothing to protect, is not held to it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "canvass.embedded-mongo.port=0", "canvass.rebuild.heap-limit-percent=0"})
class RebuildMemoryGuardTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();
    static final Instant T = Instant.parse("2026-03-02T02:00:00Z");

    static {
        // the store the query side starts on: a district and one prospect in it
        DistrictId district = new DistrictId("daoli");
        StreetId street = new StreetId("jiefang");
        EVENTS.append(district, "District", new DistrictPlanned(district, "Harbin", "Daoli",
                List.of(new PlannedStreet(street, "Jiefang Rd")), T), "manager", "MANAGER");
        ProspectId prospect = new ProspectId("p-1");
        EVENTS.append(prospect, "Prospect", new ProspectRecorded(prospect, Channel.HAIR_SALON, "Salon 1", district, street,
                "1 Jiefang Rd", null, null, new UserId("sales1"), T), "sales1", "SALES");
    }

    @DynamicPropertySource
    static void eventStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EVENTS::jdbcUrl);
    }

    @LocalServerPort
    int port;
    @Autowired
    ReadModelRebuild rebuild;
    @Autowired
    ReadModelGenerations generations;
    @Autowired
    Freshness freshness;

    @Test
    void a_rebuild_without_room_for_two_generations_is_refused_and_the_current_one_stays() {
        await().atMost(Duration.ofSeconds(30)).until(() -> generations.current() == 1 && freshness.caughtUp());

        Http.Answer refused = new Http(port).post("admin", "/api/admin/rebuild");

        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.text()).contains("not enough memory for a second generation", "-Xmx");
        assertThat(rebuild.status().rebuild()).isNull();
        assertThat(generations.current()).isEqualTo(1);
        assertThat(freshness.caughtUp()).isTrue();
        Http.Answer coverage = new Http(port).get("manager", "/api/coverage/districts");
        assertThat(coverage.status()).as(coverage.text()).isEqualTo(200);
        assertThat(coverage.text()).contains("daoli");
    }
}
