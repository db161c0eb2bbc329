package io.canvass.query.engine;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.springframework.boot.autoconfigure.mongo.MongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;
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

    /**
     * Replaces Spring Boot's {@code MongoTemplate}, whose factory would always answer the control
     * database. Spring Boot's own factory stays a bean: declaring a {@code MongoDatabaseFactory}
     * would make its whole {@code MongoAutoConfiguration} back off, and with it the client it
     * builds from {@code spring.data.mongodb.uri} (the production configuration would not start).
     */
    @Configuration(proxyBeanMethods = false)
    static class Definition {

        @Bean
        MongoTemplate mongoTemplate(MongoClient client, MongoProperties properties,
                                    ReadModelGenerations generations, MongoConverter converter) {
            return new MongoTemplate(
                    new GenerationDatabaseFactory(client, properties.getMongoClientDatabase(), generations), converter);
        }
    }
}
