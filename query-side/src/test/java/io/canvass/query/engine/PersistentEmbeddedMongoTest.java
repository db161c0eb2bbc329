package io.canvass.query.engine;

import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.query.QuerySideApplication;
import io.canvass.query.ledger.LedgerStore;
import io.canvass.query.platform.EmbeddedMongoConfiguration;
import io.canvass.query.support.EventStoreFixture;
import io.canvass.query.support.Http;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded default with a data folder keeps its read models (docs/persistence.md): the query side
 * stopped and started again on the same folder is ready on the generation it had, resumes from its
 * stored tokens (the events appended while it was down are projected, nothing is built again), and
 * answers the first run's documents as they were. Two starts of the application in one test, on its
 * own small event store.
 */
class PersistentEmbeddedMongoTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();
    static final Instant T = Instant.parse("2026-03-02T02:00:00Z");
    static final DistrictId DISTRICT = new DistrictId("daoli");
    static final StreetId STREET = new StreetId("jiefang");
    static final String MARKER = "persistence_test_marker";

    @TempDir
    Path data;

    @Test
    void a_restart_on_the_same_data_resumes_from_the_stored_tokens_without_building_again() throws Exception {
        EVENTS.append(DISTRICT, "District", new DistrictPlanned(DISTRICT, "Harbin", "Daoli",
                List.of(new PlannedStreet(STREET, "Jiefang Rd")), T.minusSeconds(3600)), "manager", "MANAGER");
        for (int n = 1; n <= 5; n++) {
            contract(n);
        }
        int generation;
        Map<String, List<Document>> first;
        try (ConfigurableApplicationContext side = start(data.resolve("mongo"))) {
            generation = caughtUp(side);
            first = ProjectionsTest.dump(side.getBean(MongoTemplate.class));
            assertThat(first.get(LedgerStore.COLLECTION)).hasSize(5);
            // a document no build writes: found again only if this very generation was kept
            side.getBean(MongoTemplate.class).getCollection(MARKER).insertOne(new Document("_id", "kept"));
        }
        assertThat(data.resolve("mongo").resolve(EmbeddedMongoConfiguration.STORE_FILE)).isNotEmptyFile();

        // while it is down, more events: the restart must take them from its tokens on
        for (int n = 6; n <= 8; n++) {
            contract(n);
        }
        try (ConfigurableApplicationContext side = start(data.resolve("mongo"))) {
            ReadModelGenerations generations = side.getBean(ReadModelGenerations.class);
            // at once, before any build could finish: the read models of the first run are there
            assertThat(generations.current()).isEqualTo(generation);
            assertThat(caughtUp(side)).as("no generation was built again").isEqualTo(generation);
            assertThat(side.getBean(MongoTemplate.class).getCollection(MARKER).countDocuments()).isEqualTo(1);
            List<Document> contracts = ProjectionsTest.dump(side.getBean(MongoTemplate.class)).get(LedgerStore.COLLECTION);
            // the first run's contracts as they were, and the three signed while it was down
            assertThat(contracts).hasSize(8).containsAll(first.get(LedgerStore.COLLECTION));
            assertThat(new Http(side.getEnvironment().getProperty("local.server.port", Integer.class))
                    .get("manager", "/api/coverage/districts/daoli").json().get("contracts").asLong()).isEqualTo(8);
        }
    }

    private static ConfigurableApplicationContext start(Path mongoData) {
        return new SpringApplicationBuilder(QuerySideApplication.class).run("--server.port=0",
                "--canvass.embedded-mongo.port=0", "--canvass.embedded-mongo.data-dir=" + mongoData,
                "--spring.datasource.url=" + EVENTS.jdbcUrl());
    }

    /** Waits until the side has projected every event and answers its current generation. */
    private static int caughtUp(ConfigurableApplicationContext side) {
        Freshness freshness = side.getBean(Freshness.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> freshness.caughtUp() && freshness.position() >= EVENTS.head());
        return side.getBean(ReadModelGenerations.class).current();
    }

    private static void contract(int n) {
        ProspectId p = new ProspectId("p-" + n);
        EVENTS.append(p, "Prospect", new ProspectRecorded(p, Channel.HAIR_SALON, "Salon " + n, DISTRICT, STREET,
                n + " Jiefang Rd", null, null, new UserId("sales1"), T), "sales1", "SALES");
        ContractId contract = new ContractId("c-" + n);
        EVENTS.append(contract, "Contract", new ContractSigned(contract, p, Channel.HAIR_SALON, DISTRICT, STREET,
                new UserId("sales1"), ContractKind.SALE, 2, Money.parse("1000.00"), Money.parse("400.00"), T),
                "sales1", "SALES");
    }
}
