package io.canvass.query.engine;

import io.canvass.query.support.Http;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 24: upgrades rebuild by themselves. On a MongoDB that keeps its data (one server across two
 * starts), a release that bumps a read model's version finds the current generation built with the
 * old one and rebuilds beside it at start: the old generation answers, complete, during the build,
 * and the new derivation is served after the switch. The read model here is the test's own {@link
 * Tally}, whose version (and derivation) is a property, and whose build waits for the test's word so
 * that the answers can be read during it.
 */
class ReadModelVersionUpgradeTest {

    static final int CONTRACTS = 8;
    static final QuerySides SIDES = new QuerySides(CONTRACTS);
    static final CountDownLatch BUILD_MAY_FINISH = new CountDownLatch(1);

    @AfterAll
    static void stop() {
        BUILD_MAY_FINISH.countDown();
        SIDES.close();
    }

    /** A read model whose documents say which derivation made them; version 2 waits for the test before it applies. */
    static class Tally implements ReadModel {

        static final String COLLECTION = "tally";
        private final int version;

        Tally(@Value("${test.tally.version}") int version) {
            this.version = version;
        }

        @Override
        public int version() {
            return version;
        }

        @Override
        public List<String> collections() {
            return List.of(COLLECTION);
        }

        @Override
        public void apply(Batch batch, ReadModelWrites writes) {
            if (batch.deliveries().isEmpty()) {
                return;
            }
            if (version > 1) {
                try {
                    BUILD_MAY_FINISH.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            long last = batch.deliveries().get(batch.deliveries().size() - 1).position();
            batch.target().upsert(Query.query(Criteria.where("_id").is("tally")),
                    new Update().set("derivedWith", version).max("position", last), COLLECTION);
        }
    }

    static ConfigurableApplicationContext start(int version) {
        return SIDES.start(QuerySides.application(Tally.class), "--test.tally.version=" + version);
    }

    static Document tally(ConfigurableApplicationContext context) {
        return context.getBean(MongoTemplate.class).findById("tally", Document.class, Tally.COLLECTION);
    }

    @Test
    void a_bumped_version_is_rebuilt_at_start_while_the_old_generation_answers_complete() {
        ConfigurableApplicationContext first = start(1);
        ReadModelGenerations generations = first.getBean(ReadModelGenerations.class);
        Freshness freshness = first.getBean(Freshness.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> generations.current() == 1 && freshness.caughtUp());
        assertThat(generations.state().versions()).containsEntry("Tally", 1);
        first.close();

        // the upgrade: the same MongoDB, a release whose Tally is version 2
        ConfigurableApplicationContext upgraded = start(2);
        ReadModelGenerations after = upgraded.getBean(ReadModelGenerations.class);
        ReadModelRebuild rebuild = upgraded.getBean(ReadModelRebuild.class);
        Http http = QuerySides.http(upgraded);
        assertThat(rebuild.status().rebuild()).as("a rebuild started by itself").isNotNull();
        // during the build the old generation answers, complete, with the old derivation
        for (int look = 0; look < 5; look++) {
            assertThat(after.current()).isEqualTo(1);
            assertThat(QuerySides.contracts(http)).isEqualTo(CONTRACTS);
            assertThat(tally(upgraded).getInteger("derivedWith")).isEqualTo(1);
        }
        BUILD_MAY_FINISH.countDown();
        await().atMost(Duration.ofSeconds(60)).until(() -> rebuild.status().rebuild() == null && after.current() == 2);
        assertThat(after.state().versions()).containsEntry("Tally", 2);
        assertThat(QuerySides.contracts(http)).isEqualTo(CONTRACTS);
        assertThat(tally(upgraded).getInteger("derivedWith")).isEqualTo(2);
        assertThat(rebuild.status().lastRebuild()).isNull();
    }
}
