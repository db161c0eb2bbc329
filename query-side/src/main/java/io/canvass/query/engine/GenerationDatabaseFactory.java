package io.canvass.query.engine;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.springframework.boot.autoconfigure.mongo.MongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.convert.MongoConverter;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.function.Supplier;

/**
 * The database Spring's {@code MongoTemplate} works on: a generation of the read models ({@link
 * ReadModelGenerations}), seen as a database of its own although its collections are prefixed ones
 * of the one database: {@code getCollection("contracts")} is {@code g3_contracts}. The read models
 * name their collections plainly and never learn which generation they write.
 */
final class GenerationDatabaseFactory extends SimpleMongoClientDatabaseFactory {

    private final Supplier<MongoDatabase> generation;

    GenerationDatabaseFactory(MongoClient client, String database, Supplier<MongoDatabase> generation) {
        super(client, database);
        this.generation = generation;
    }

    @Override
    public MongoDatabase getMongoDatabase() {
        return generation.get();
    }

    /**
     * {@code database} with every collection named as {@code prefix} + its name. Only what the read
     * models and Spring's template use is translated (collections by name, dropping the generation);
     * listing collections is refused rather than answered with other generations' names.
     */
    static MongoDatabase view(MongoDatabase database, String prefix) {
        return (MongoDatabase) Proxy.newProxyInstance(MongoDatabase.class.getClassLoader(), new Class<?>[]{MongoDatabase.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getCollection", "createCollection" -> {
                            for (int i = 0; i < args.length; i++) {
                                if (args[i] instanceof String name) {
                                    args[i] = prefix + name;
                                    break;
                                }
                            }
                        }
                        case "drop" -> {
                            if (args == null || args.length == 0) {
                                for (String name : database.listCollectionNames().into(new ArrayList<>())) {
                                    if (name.startsWith(prefix)) {
                                        database.getCollection(name).drop();
                                    }
                                }
                                return null;
                            }
                            throw new UnsupportedOperationException("a generation is dropped without a session");
                        }
                        case "listCollectionNames", "listCollections", "aggregate", "watch" ->
                                throw new UnsupportedOperationException(method.getName() + " on a generation of the read"
                                        + " models: it would see every generation's collections");
                        default -> {
                        }
                    }
                    try {
                        Object result = method.invoke(database, args);
                        return result instanceof MongoDatabase other && method.getName().startsWith("with")
                                ? view(other, prefix) : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * Replaces Spring Boot's {@code MongoTemplate}, whose factory would answer the database itself,
     * unprefixed. Spring Boot's own factory stays a bean: declaring a {@code MongoDatabaseFactory}
     * would make its whole {@code MongoAutoConfiguration} back off, and with it the client it builds
     * from {@code spring.data.mongodb.uri} (the production configuration would not start).
     */
    @Configuration(proxyBeanMethods = false)
    static class Definition {

        @Bean
        MongoTemplate mongoTemplate(MongoClient client, MongoProperties properties,
                                    ReadModelGenerations generations, MongoConverter converter) {
            return new MongoTemplate(new GenerationDatabaseFactory(client, properties.getMongoClientDatabase(),
                    generations::currentDatabase), converter);
        }
    }
}
