package io.canvass.query.engine;

import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.List;
import java.util.Map;

/**
 * One read model: the collections it owns, their indexes, the totals it keeps beside its
 * contributions, and how it applies a batch of events. The {@link Projector}, the rebuild and
 * index creation work over every bean of this type, in their {@code @Order}; adding a read model
 * is a new package with one of these and nothing else.
 * <p>
 * Idempotent without transactions, as every read model must be here (the embedded MongoDB has
 * none): applying a batch twice, whole or in part, leaves the same documents.
 */
public interface ReadModel {

    /** The collections it owns: a rebuild drops them and builds them again from the first event. */
    List<String> collections();

    /** Totals kept in each document of some of its collections, by collection ({@link ReadModelWrites.Summary}). */
    default Map<String, ReadModelWrites.Summary> summaries() {
        return Map.of();
    }

    /** Makes the indexes its queries need beyond {@code _id}; called at start and after a rebuild. */
    default void createIndexes(MongoTemplate mongo) {
    }

    /**
     * Applies a batch: gathers its dashboard writes in {@code writes}, which the projector sends
     * once every read model has applied the batch. What it works out for the others (the contract
     * ledgers) it leaves in the {@link Batch}.
     */
    void apply(Batch batch, ReadModelWrites writes);

    /**
     * Where this read model has placed a stream's figures (a contract's district, channel,
     * salesperson, campaign and days: see {@link Reach}), as {@code generation} holds it; null when it
     * places no stream of that kind or has not seen this one. Asked when an event of the stream is
     * parked: the answers it reaches say they are stale, no others (docs/freshness.md).
     */
    default Reach placed(MongoTemplate generation, String stream) {
        return null;
    }
}
