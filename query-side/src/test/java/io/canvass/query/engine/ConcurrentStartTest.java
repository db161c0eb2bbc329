package io.canvass.query.engine;

import com.fasterxml.jackson.databind.JsonNode;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.canvass.query.QuerySideApplication;
import io.canvass.query.support.EventStoreFixture;
import io.canvass.query.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 24: several query sides started at the same moment on one empty MongoDB (compose and the
 * k8s manifest start two at once) all become ready: exactly one builds the first generation, the
 * others follow it, and all answer the same. Three Spring contexts in this JVM share one MongoDB
 * (mongo-java-server standing in for the replica set) and one event store; each waits at a barrier
 * just before its start-up listener, so that all three look at the empty control document together.
 */
class ConcurrentStartTest {

    static final int CONTRACTS = 12;
    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();
    static final MongoServer SERVER = new MongoServer(new MemoryBackend());
    static final String URI = SERVER.bindAndGetConnectionString();
    static final List<ConfigurableApplicationContext> CONTEXTS = new ArrayList<>();

    @BeforeAll
    static void history() {
        ReadModelGenerationsTest.district(EVENTS);
        for (int n = 1; n <= CONTRACTS; n++) {
            ReadModelGenerationsTest.contract(EVENTS, n);
        }
    }

    @AfterAll
    static void stop() {
        CONTEXTS.forEach(ConfigurableApplicationContext::close);
        SERVER.shutdownNow();
    }

    /** Holds each context's ApplicationStartedEvent, before any other listener of it, until all three have one. */
    record AllAtOnce(CyclicBarrier barrier) implements ApplicationListener<ApplicationStartedEvent>, Ordered {
        @Override
        public void onApplicationEvent(ApplicationStartedEvent event) {
            try {
                barrier.await(120, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    @Test
    void three_query_sides_starting_at_once_on_an_empty_mongodb_all_become_ready_after_one_build() throws Exception {
        AllAtOnce allAtOnce = new AllAtOnce(new CyclicBarrier(3));
        ExecutorService starting = Executors.newFixedThreadPool(3);
        List<Future<ConfigurableApplicationContext>> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            started.add(starting.submit(() -> new SpringApplicationBuilder(QuerySideApplication.class)
                    .listeners(allAtOnce)
                    .run("--server.port=0", "--spring.datasource.url=" + EVENTS.jdbcUrl(),
                            "--spring.data.mongodb.uri=" + URI, "--canvass.security.demo-users=true",
                            "--canvass.rebuild.retire-after=1s")));
        }
        try {
            for (Future<ConfigurableApplicationContext> context : started) {
                // before the fix, the instances that lost the race for the build failed to start here
                CONTEXTS.add(context.get(180, TimeUnit.SECONDS));
            }
        } finally {
            starting.shutdown();
        }

        List<Http> instances = CONTEXTS.stream()
                .map(context -> new Http(((WebServerApplicationContext) context).getWebServer().getPort())).toList();
        await().atMost(Duration.ofSeconds(90)).until(() -> instances.stream()
                .allMatch(http -> http.get("admin", "/actuator/health/readiness").status() == 200));

        // one build: generation 1 is current everywhere, and no other build ran or runs
        for (ConfigurableApplicationContext context : CONTEXTS) {
            ReadModelGenerations generations = context.getBean(ReadModelGenerations.class);
            assertThat(generations.current()).isEqualTo(1);
            assertThat(generations.state().building()).isNull();
            assertThat(context.getBean(ReadModelRebuild.class).status().lastRebuild()).isNull();
        }
        // the same answers, complete, from each
        List<JsonNode> coverage = instances.stream().map(http -> {
            JsonNode answer = http.ok("manager", "/api/coverage/districts/daoli");
            return answer.get("contracts");
        }).toList();
        assertThat(coverage).allSatisfy(contracts -> assertThat(contracts.asLong()).isEqualTo(CONTRACTS));
    }
}
