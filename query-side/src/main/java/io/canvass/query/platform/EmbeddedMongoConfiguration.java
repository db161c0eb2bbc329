package io.canvass.query.platform;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded default: with no {@code spring.data.mongodb.uri}, a MongoDB (mongo-java-server) runs
 * in this process and the real driver reaches it over TCP. With a data folder ({@code deploy/run.sh}
 * gives it one beside PostgreSQL's) it keeps the read models and their tokens on disk in one H2
 * MVStore file, so a restart resumes from the stored tokens as on a real server; without one it
 * keeps them in the heap and forgets them, so every start builds them again (the tests' default,
 * being the fastest). Why H2 and what each costs: docs/persistence.md.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.data.mongodb.uri:}'.isEmpty()")
@EnableConfigurationProperties(EmbeddedMongoConfiguration.Settings.class)
public class EmbeddedMongoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoConfiguration.class);

    /** The file in the data folder that holds every database of the embedded server. */
    public static final String STORE_FILE = "read-models.mv.db";

    /**
     * @param port    where the embedded server listens; 0 for any free port
     * @param dataDir where it keeps the read models on disk; blank: in the heap, forgotten at stop
     */
    @ConfigurationProperties("canvass.embedded-mongo")
    public record Settings(Integer port, String dataDir) {
        public Settings {
            port = port == null ? 27027 : port;
            dataDir = dataDir == null ? "" : dataDir.strip();
        }

        boolean persistent() {
            return !dataDir.isEmpty();
        }
    }

    @Bean(destroyMethod = "shutdownNow")
    public MongoServer embeddedMongoServer(Settings settings) {
        MongoServer server = new MongoServer(backend(settings));
        try {
            server.bind("127.0.0.1", settings.port());
        } catch (RuntimeException e) {
            // its Netty threads are not daemons: a half-started server would keep the JVM alive; this
            // also closes the store file, which a second process could not open anyway
            server.shutdownNow();
            throw new IllegalStateException("Could not start the embedded MongoDB on port " + settings.port()
                    + ". Is another Canvass query side already running? Choose another port with"
                    + " --canvass.embedded-mongo.port.", e);
        }
        log.info("Embedded MongoDB ({}) listening on {}", settings.persistent()
                ? "read models kept in " + Path.of(settings.dataDir()).resolve(STORE_FILE) : "in memory, kept nothing",
                server.getLocalAddress());
        return server;
    }

    private static MongoBackend backend(Settings settings) {
        if (!settings.persistent()) {
            return new MemoryBackend();
        }
        Path folder = Path.of(settings.dataDir());
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the embedded MongoDB's data folder " + folder, e);
        }
        // one MVStore file, committed in the background about every second and at a clean stop: a
        // kill -9 loses at most that second, read models and tokens alike (a version of the store is
        // consistent), and the projections, idempotent, take those events again
        MVStore store = new MVStore.Builder()
                .fileName(folder.resolve(STORE_FILE).toString())
                .cacheSize(64)
                .open();
        return new H2Backend(store);
    }

    /** Spring Boot's own client backs off when this one exists; the Spring context closes it before the server. */
    @Bean(destroyMethod = "close")
    public MongoClient mongoClient(MongoServer server) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://" + server.getLocalAddress().getHostString()
                        + ":" + server.getLocalAddress().getPort()))
                .build());
    }
}
