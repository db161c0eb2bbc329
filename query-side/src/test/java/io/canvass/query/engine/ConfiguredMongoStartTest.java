package io.canvass.query.engine;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.canvass.query.support.EventStoreFixture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The production configuration: a MongoDB given by {@code spring.data.mongodb.uri} (here a server
 * this test starts, standing in for the replica set). The query side starts on it, with no embedded
 * server of its own, and its generations are databases of that server.
 * (Declaring a {@code MongoDatabaseFactory} once made Spring Boot's Mongo auto-configuration back
 * off, client and all: only the embedded default, which builds its own client, still started.)
 */
@SpringBootTest(properties = "canvass.security.demo-users=true")
class ConfiguredMongoStartTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();
    /** Left running: the Spring context, cached, closes at the JVM's exit and still releases its token claims there. */
    static final MongoServer SERVER = new MongoServer(new MemoryBackend());
    static final String URI = SERVER.bindAndGetConnectionString();

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EVENTS::jdbcUrl);
        registry.add("spring.data.mongodb.uri", () -> URI);
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    Freshness freshness;
    @Autowired
    ReadModelGenerations generations;
    @Autowired
    MongoTemplate mongo;

    @Test
    void starts_on_the_configured_mongodb_and_builds_its_generations_there() {
        assertThat(context.getBeanNamesForType(MongoServer.class)).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> generations.current() == 1 && freshness.caughtUp());
        assertThat(mongo.getDb().getName()).isEqualTo("canvass_g1");
        try (MongoClient client = MongoClients.create(URI)) {
            assertThat(client.listDatabaseNames().into(new ArrayList<>())).contains("canvass", "canvass_g1");
        }
    }
}
