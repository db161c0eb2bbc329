package io.canvass.query.platform;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.springframework.boot.autoconfigure.mongo.MongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;

/**
 * The database Spring's {@code MongoTemplate} works on: the current generation of the read models
 * ({@link ReadModelGenerations}), looked up at every request, so that one switch makes every query
 * read the new generation.
 */
final class GenerationDatabaseFactory extends SimpleMongoClientDatabaseFactory {

    private final ReadModelGenerations generations;

    GenerationDatabaseFactory(MongoClient client, String base, ReadModelGenerations generations) {
        super(client, base);
        this.generations = generations;
    }

    @Override
    public MongoDatabase getMongoDatabase() {
        return generations.currentDatabase();
    }

    /** Replaces Spring Boot's factory, which would always answer the control database. */
    @Configuration(proxyBeanMethods = false)
    static class Definition {

        @Bean
        MongoDatabaseFactory mongoDatabaseFactory(MongoClient client, MongoProperties properties,
                                                  ReadModelGenerations generations) {
            return new GenerationDatabaseFactory(client, properties.getMongoClientDatabase(), generations);
        }
    }
}
