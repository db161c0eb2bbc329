package io.canvass.query.engine;

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
        tokens(processor).forEach((segment, token) -> positions.put(segment, token.index()));
        return positions;
    }

    /** A stored token's index and the positions below it not processed yet (gaps: not committed when it passed). */
    record Token(long index, java.util.SortedSet<Long> gaps) {
    }

    /** Each stored segment's token. */
    java.util.Map<Integer, Token> tokens(String processor) {
        java.util.Map<Integer, Token> tokens = new java.util.TreeMap<>();
        for (Document segment : tokens().find(new Document("processorName", processor))) {
            tokens.put(segment.getInteger("segment"), token(segment.get("token")));
        }
        return tokens;
    }

    /** A GapAwareTrackingToken's index, or a ReplayToken's current one; -1 for no token yet. */
    static long position(Object stored) {
        return token(stored).index();
    }

    static Token token(Object stored) {
        byte[] bytes = stored instanceof Binary binary ? binary.getData()
                : stored instanceof byte[] raw ? raw
                : stored instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : null;
        java.util.SortedSet<Long> gaps = new java.util.TreeSet<>();
        if (bytes == null) {
            return new Token(-1, gaps);
        }
        try {
            JsonNode token = JSON.readTree(bytes);
            while (token != null && token.has("currentToken")) {
                token = token.get("currentToken");
            }
            if (token == null || !token.has("index")) {
                return new Token(-1, gaps);
            }
            if (token.has("gaps")) {
                token.get("gaps").forEach(gap -> gaps.add(gap.asLong()));
            }
            return new Token(token.get("index").asLong(), gaps);
        } catch (IOException unreadable) {
            return new Token(-1, gaps);
        }
    }
}
