package io.canvass.query.engine;

import io.canvass.query.support.EventStoreFixture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** A first start on an empty event store builds an empty first generation and is ready (a fresh install). */
@SpringBootTest(properties = "canvass.embedded-mongo.port=0")
class EmptyStoreStartTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();

    @DynamicPropertySource
    static void eventStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EVENTS::jdbcUrl);
    }

    @Autowired
    Freshness freshness;
    @Autowired
    ReadModelGenerations generations;

    @Test
    void an_empty_store_gives_a_ready_first_generation() {
        await().atMost(Duration.ofSeconds(30)).until(() -> generations.current() == 1 && freshness.caughtUp());
    }
}
