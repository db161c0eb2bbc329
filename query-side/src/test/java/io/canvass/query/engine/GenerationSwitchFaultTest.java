package io.canvass.query.engine;

import com.mongodb.client.MongoClient;
import io.canvass.query.support.EventStoreFixture;
import io.canvass.query.support.Http;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 24: a switch of generations is one write of one document, and the tokens belong to their
 * generation. A rebuild failed after each of its steps (built, indexed, its tokens written, and right
 * after the pointer was written, as when its answer is lost in a primary election) leaves one whole
 * generation current: the old one with its own tokens, or the new one with its own. Then more events
 * come, and every read model's documents equal what the processor alone builds from every event:
 * nothing was skipped or applied to a generation whose tokens say otherwise. Its own context (the
 * rebuild's fault hook is set on it), sharing the embedded defaults of the engine's other tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "canvass.embedded-mongo.port=0", "canvass.freshness-wait=1s", "canvass.rebuild.chunk-events=7",
        "canvass.rebuild.retire-after=1s", "canvass.rebuild.abandoned-after=2s"})
class GenerationSwitchFaultTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();
    static final AtomicInteger CONTRACTS = new AtomicInteger();

    @DynamicPropertySource
    static void eventStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EVENTS::jdbcUrl);
    }

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    Freshness freshness;
    @Autowired
    ReadModelRebuild rebuild;
    @Autowired
    ReadModelGenerations generations;
    @Autowired
    Projector projector;
    @Autowired
    EventStore eventStore;
    @Autowired
    MongoClient client;

    @BeforeAll
    static void history() {
        ReadModelGenerationsTest.district(EVENTS);
        for (int c = 0; c < 10; c++) {
            ReadModelGenerationsTest.contract(EVENTS, CONTRACTS.incrementAndGet());
        }
    }

    @AfterEach
    void noMoreFaults() {
        rebuild.afterStep = (step, generation) -> { };
    }

    void caughtUpWithEverything() {
        await().atMost(Duration.ofSeconds(60)).until(() -> rebuild.status().rebuild() == null && freshness.caughtUp()
                && generations.current() == generations.state().current() && freshness.position() >= EVENTS.head());
    }

    @ParameterizedTest
    @EnumSource(ReadModelRebuild.Step.class)
    void a_rebuild_failing_after_any_step_leaves_one_whole_generation_current(ReadModelRebuild.Step failing) {
        caughtUpWithEverything();
        int before = generations.current();
        rebuild.afterStep = (step, generation) -> {
            if (step == failing) {
                throw new IllegalStateException("injected: the builder fails after " + step);
            }
        };
        Http.Answer started = new Http(port).post("admin", "/api/admin/rebuild");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> rebuild.status().rebuild() == null);
        assertThat(rebuild.status().lastRebuild()).contains("injected");

        // the pointer decides: before the switch the old generation stays, after it the new one, whole
        int expected = failing == ReadModelRebuild.Step.SWITCHED ? before + 1 : before;
        await().atMost(Duration.ofSeconds(10)).until(() -> generations.current() == expected);
        assertThat(generations.state().current()).isEqualTo(expected);
        assertThat(generations.state().building()).isNull();

        // more events, then every read model equals the processor's own projection of the whole store
        for (int c = 0; c < 3; c++) {
            ReadModelGenerationsTest.contract(EVENTS, CONTRACTS.incrementAndGet());
        }
        caughtUpWithEverything();
        assertThat(ProjectionsTest.dump(mongo))
                .isEqualTo(ReadModelGenerationsTest.incremental(EVENTS, eventStore, projector, client));
        if (expected == before) {
            // the failed generation is gone, its tokens with it
            await().atMost(Duration.ofSeconds(10)).until(() -> generations.control().listCollectionNames()
                    .into(new java.util.ArrayList<String>()).stream()
                    .noneMatch(name -> name.startsWith(ReadModelGenerations.prefix(before + 1))));
        }
    }
}
