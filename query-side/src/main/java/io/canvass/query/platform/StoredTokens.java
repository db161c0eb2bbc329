package io.canvass.query.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The projections' tokens as MongoTokenStore keeps them (collection {@code trackingtokens}), read
 * without claiming anything: how far the segments held by other query-side instances have got.
 */
@Component
public class StoredTokens {

    static final String COLLECTION = "trackingtokens";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReadModelGenerations generations;

    StoredTokens(ReadModelGenerations generations) {
        this.generations = generations;
    }

    private com.mongodb.client.MongoCollection<Document> tokens() {
        return generations.control().getCollection(COLLECTION);
    }

    boolean initialized(String processor) {
        return tokens().countDocuments(new Document("processorName", processor)) > 0;
    }

    /** A stored segment: how far it got, and which instance holds it (null: nobody). */
    public record Stored(long position, String owner) {
    }

    java.util.Map<Integer, Stored> segments(String processor) {
        java.util.Map<Integer, Stored> segments = new java.util.TreeMap<>();
        for (Document segment : tokens().find(new Document("processorName", processor))) {
            segments.put(segment.getInteger("segment"), new Stored(position(segment.get("token")), segment.getString("owner")));
        }
        return segments;
    }

    /** Each stored segment's position (-1 where it has processed nothing). */
    java.util.Map<Integer, Long> positions(String processor) {
        java.util.Map<Integer, Long> positions = new java.util.TreeMap<>();
        for (Document segment : tokens().find(new Document("processorName", processor))) {
            positions.put(segment.getInteger("segment"), position(segment.get("token")));
        }
        return positions;
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
