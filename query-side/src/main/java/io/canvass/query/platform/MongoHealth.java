package io.canvass.query.platform;

import org.bson.Document;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * MongoDB reachability with {@code ping}, which both a real replica set and the embedded server
 * answer (Spring Boot's own indicator sends {@code hello}, which the embedded server does not know).
 */
@Component("mongoHealthIndicator")
class MongoHealth implements HealthIndicator {

    private final MongoTemplate mongo;

    MongoHealth(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Health health() {
        try {
            mongo.getDb().runCommand(new Document("ping", 1));
            return Health.up().withDetail("database", mongo.getDb().getName()).build();
        } catch (RuntimeException e) {
            return Health.down(e).build();
        }
    }
}
