package io.canvass.query.platform;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: with no {@code spring.data.mongodb.uri}, an in-memory MongoDB
 * (mongo-java-server) runs in this process and the real driver reaches it over TCP. It keeps
 * nothing on disk: at every start the read models (and the tokens beside them) are empty, so the
 * processors rebuild them from the event store, and readiness stays DOWN until they have caught up.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.data.mongodb.uri:}'.isEmpty()")
@EnableConfigurationProperties(EmbeddedMongoConfiguration.Settings.class)
public class EmbeddedMongoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoConfiguration.class);

    /** @param port where the embedded server listens; 0 for any free port */
    @ConfigurationProperties("canvass.embedded-mongo")
    public record Settings(Integer port) {
        public Settings {
            port = port == null ? 27027 : port;
        }
    }

    @Bean(destroyMethod = "shutdownNow")
    public MongoServer embeddedMongoServer(Settings settings) {
        MongoServer server = new MongoServer(new MemoryBackend());
        try {
            server.bind("127.0.0.1", settings.port());
        } catch (RuntimeException e) {
            // its Netty threads are not daemons: a half-started server would keep the JVM alive
            server.shutdownNow();
            throw new IllegalStateException("Could not start the embedded MongoDB on port " + settings.port()
                    + ". Is another Canvass query side already running? Choose another port with"
                    + " --canvass.embedded-mongo.port.", e);
        }
        log.info("Embedded MongoDB (in memory) listening on {}", server.getLocalAddress());
        return server;
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
