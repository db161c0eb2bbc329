package io.canvass.query.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * One in-memory MongoDB, reached by the real driver over TCP, for the tests that feed the
 * projections directly; each asks for a database of its own.
 */
public final class InMemoryMongo {

    private static MongoClient client;
    private static int databases;

    private InMemoryMongo() {
    }

    public static synchronized MongoTemplate freshDatabase(String name) {
        if (client == null) {
            MongoServer server = new MongoServer(new MemoryBackend());
            client = MongoClients.create(server.bindAndGetConnectionString());
        }
        return new MongoTemplate(client, name + "-" + databases++);
    }
}
