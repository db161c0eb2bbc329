package io.canvass.query.support;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * One in-memory MongoDB, reached by the real driver over TCP, for the tests that feed the
 * projections directly; each asks for a database of its own.
 */
public final class InMemoryMongo {

    private static MongoClient client;
    private static String address;
    private static int databases;

    private InMemoryMongo() {
    }

    public static synchronized MongoTemplate freshDatabase(String name) {
        if (client == null) {
            MongoServer server = new MongoServer(new MemoryBackend());
            address = server.bindAndGetConnectionString();
            client = MongoClients.create(address);
        }
        return new MongoTemplate(client, name + "-" + databases++);
    }

    /**
     * The same database through a client of its own, as another instance of the query side reaches
     * it, with {@code listener} told of every command that client sends.
     */
    public static synchronized MongoTemplate otherClient(MongoTemplate database, CommandListener listener) {
        MongoClient other = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(address)).addCommandListener(listener).build());
        return new MongoTemplate(other, database.getDb().getName());
    }
}
