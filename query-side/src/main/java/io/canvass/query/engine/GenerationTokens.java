package io.canvass.query.engine;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The projections' tokens belong to their generation (collection {@code g<N>_trackingtokens}, kept
 * by Axon's {@code MongoTokenStore}): how far a generation got is stored beside its documents, so
 * that switching generations is one write of the pointer, never a second write of tokens that a
 * failure could separate from it. The processor works on the current generation's store; change
 * {@link ReadModelGenerations#adopt} only while it is stopped. A rebuild writes the next
 * generation's tokens through {@link #of(int)} before the switch.
 */
final class GenerationTokens implements TokenStore {

    static final String COLLECTION = "trackingtokens";

    private final ReadModelGenerations generations;
    private final Serializer serializer;
    private final Duration claimTimeout;
    private final Map<Integer, TokenStore> stores = new ConcurrentHashMap<>();

    GenerationTokens(ReadModelGenerations generations, Serializer serializer, Duration claimTimeout) {
        this.generations = generations;
        this.serializer = serializer;
        this.claimTimeout = claimTimeout;
    }

    /** One generation's tokens. */
    TokenStore of(int generation) {
        return stores.computeIfAbsent(generation, g -> MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(generations.control())
                        .trackingTokensCollectionName(ReadModelGenerations.prefix(g) + COLLECTION).build())
                .serializer(serializer)
                .claimTimeout(claimTimeout)
                .build());
    }

    /** A generation dropped: its store goes with it. */
    void forget(int generation) {
        stores.remove(generation);
    }

    private TokenStore current() {
        return of(generations.current());
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) throws UnableToClaimTokenException {
        current().initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken)
            throws UnableToClaimTokenException {
        current().initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        current().storeToken(token, processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        return current().fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
        return current().fetchToken(processorName, segment);
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        current().extendClaim(processorName, segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        current().releaseClaim(processorName, segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        current().initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        current().deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return current().requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return current().fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return current().fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return current().retrieveStorageIdentifier();
    }
}
