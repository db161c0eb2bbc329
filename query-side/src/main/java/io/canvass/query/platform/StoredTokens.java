package io.canvass.query.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The projections' tokens as MongoTokenStore keeps them (collection {@code trackingtokens}), read
 * without claiming anything: how far the segments held by other query-side instances have got.
 */
@Component
class StoredTokens {

    static final String COLLECTION = "trackingtokens";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MongoTemplate mongo;

    StoredTokens(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    boolean initialized(String processor) {
        return mongo.getCollection(COLLECTION).countDocuments(new Document("processorName", processor)) > 0;
    }

    /** The lowest position over the processor's stored segments, -1 when none has processed anything. */
    long lowestPosition(String processor) {
        long lowest = Long.MAX_VALUE;
        boolean any = false;
        for (Document segment : mongo.getCollection(COLLECTION).find(new Document("processorName", processor))) {
            any = true;
            lowest = Math.min(lowest, position(segment.get("token")));
        }
        return any ? lowest : -1;
    }

    /** A GapAwareTrackingToken's index, or a ReplayToken's current one; -1 for no token yet. */
    static long position(Object stored) {
        byte[] bytes = stored instanceof Binary binary ? binary.getData()
                : stored instanceof byte[] raw ? raw
                : stored instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : null;
        if (bytes == null) {
            return -1;
        }
        try {
            JsonNode token = JSON.readTree(bytes);
            while (token != null && token.has("currentToken")) {
                token = token.get("currentToken");
            }
            return token != null && token.has("index") ? token.get("index").asLong() : -1;
        } catch (IOException unreadable) {
            return -1;
        }
    }
}
