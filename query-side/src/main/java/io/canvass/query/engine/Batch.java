package io.canvass.query.engine;

import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A batch of events as the projections see it: the deliveries in the order Axon handed them over
 * (each aggregate's events in order), and what one read model worked out of them for the others
 * (by type: the ledger's {@code BatchLedgers}).
 */
public final class Batch {

    private final List<Projector.Delivery> deliveries;
    private final MongoTemplate target;
    private final boolean soleWriter;
    private final Map<Class<?>, Object> results = new HashMap<>();

    public Batch(List<Projector.Delivery> deliveries, MongoTemplate target, boolean soleWriter) {
        this.deliveries = List.copyOf(deliveries);
        this.target = target;
        this.soleWriter = soleWriter;
    }

    /** The generation of the read models this batch is applied to. */
    public MongoTemplate target() {
        return target;
    }

    /** Whether nothing else writes to that generation (it is being built): writes need no guards. */
    public boolean soleWriter() {
        return soleWriter;
    }

    public List<Projector.Delivery> deliveries() {
        return deliveries;
    }

    /** What was worked out of this batch under this type, made by {@code compute} the first time it is asked for. */
    public <T> T result(Class<T> type, Function<Batch, T> compute) {
        Object known = results.get(type);
        if (known == null) {
            known = compute.apply(this);
            results.put(type, known);
        }
        return type.cast(known);
    }
}
