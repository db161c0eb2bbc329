package io.canvass.query.engine;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.canvass.query.QuerySideApplication;
import io.canvass.query.support.EventStoreFixture;
import io.canvass.query.support.Http;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Whole query sides in this JVM, as production runs them: several instances, or one started twice,
 * on one MongoDB that keeps its data between them (mongo-java-server standing in for the replica
 * set) and one event store holding a district and some contracts.
 */
final class QuerySides implements AutoCloseable {

    final EventStoreFixture events = EventStoreFixture.fresh();
    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final String uri = server.bindAndGetConnectionString();
    private final List<ConfigurableApplicationContext> started = new CopyOnWriteArrayList<>();

    QuerySides(int contracts) {
        ReadModelGenerationsTest.district(events);
        for (int n = 1; n <= contracts; n++) {
            ReadModelGenerationsTest.contract(events, n);
        }
    }

    /** Starts one query side on the shared stores, with these sources beside the application and these arguments. */
    ConfigurableApplicationContext start(SpringApplicationBuilder application, String... arguments) {
        ConfigurableApplicationContext context = application.run(Stream.concat(Stream.of("--server.port=0",
                "--spring.datasource.url=" + events.jdbcUrl(), "--spring.data.mongodb.uri=" + uri,
                "--canvass.security.demo-users=true", "--canvass.rebuild.retire-after=1s"), Stream.of(arguments))
                .toArray(String[]::new));
        started.add(context);
        return context;
    }

    static SpringApplicationBuilder application(Class<?>... more) {
        return new SpringApplicationBuilder(Stream.concat(Stream.of(QuerySideApplication.class), Stream.of(more))
                .toArray(Class<?>[]::new));
    }

    static Http http(ConfigurableApplicationContext context) {
        return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /** The contracts a district's coverage counts, as a manager reads them. */
    static long contracts(Http http) {
        return http.ok("manager", "/api/coverage/districts/daoli").get("contracts").asLong();
    }

    @Override
    public void close() {
        started.forEach(ConfigurableApplicationContext::close);
        server.shutdownNow();
    }
}
