package io.canvass.query.engine;

import io.canvass.query.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.event.ApplicationStartedEvent;
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
    static final QuerySides SIDES = new QuerySides(CONTRACTS);

    @AfterAll
    static void stop() {
        SIDES.close();
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
            started.add(starting.submit(() -> SIDES.start(QuerySides.application().listeners(allAtOnce))));
        }
        List<ConfigurableApplicationContext> contexts = new ArrayList<>();
        try {
            for (Future<ConfigurableApplicationContext> context : started) {
                // before the fix, the instances that lost the race for the build failed to start here
                contexts.add(context.get(180, TimeUnit.SECONDS));
            }
        } finally {
            starting.shutdown();
        }

        List<Http> instances = contexts.stream().map(QuerySides::http).toList();
        await().atMost(Duration.ofSeconds(90)).until(() -> instances.stream()
                .allMatch(http -> http.get("admin", "/actuator/health/readiness").status() == 200));

        // one build: generation 1 is current everywhere, and no other build ran or runs
        for (ConfigurableApplicationContext context : contexts) {
            ReadModelGenerations generations = context.getBean(ReadModelGenerations.class);
            assertThat(generations.current()).isEqualTo(1);
            assertThat(generations.state().building()).isNull();
            assertThat(context.getBean(ReadModelRebuild.class).status().lastRebuild()).isNull();
        }
        // the same answers, complete, from each
        assertThat(instances).allSatisfy(http -> assertThat(QuerySides.contracts(http)).isEqualTo(CONTRACTS));
    }
}
