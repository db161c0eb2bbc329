package io.canvass.query.engine;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real MongoDB's limit on a document, enforced on every read-model write before it is sent, and
 * the sizes written, per collection: {@code canvass.readmodel.document.bytes} (a distribution, with
 * its p99 and max) and {@code canvass.readmodel.document.largest.bytes} (the largest this instance
 * has written or been refused since it started), which the {@code ReadModelDocumentLarge} alert
 * watches at 4 MB (docs/operations.md).
 */
@Component
public class ReadModelLimits {

    /** What a real server accepts: 16 MiB of BSON (its BSONObjectMaxUserSize). */
    public static final long MAX_DOCUMENT_BYTES = 16L * 1024 * 1024;

    private final MeterRegistry metrics;
    private final Map<String, DistributionSummary> sizes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> largest = new ConcurrentHashMap<>();

    public ReadModelLimits(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** Refuses a document that would be larger than a real server accepts, naming the read model and document. */
    public void check(String readModel, String collection, String id, long bytes) {
        if (bytes > MAX_DOCUMENT_BYTES) {
            largest(collection).accumulateAndGet(bytes, Math::max);
            throw new ReadModelWriteRefused(readModel, collection, id, "it would be " + bytes
                    + " bytes, over the " + MAX_DOCUMENT_BYTES + " a MongoDB document may hold");
        }
    }

    /** A document of this collection was written at this size. */
    public void written(String collection, long bytes) {
        sizes.computeIfAbsent(collection, c -> DistributionSummary.builder("canvass.readmodel.document.bytes")
                .description("BSON size of the read-model documents written, per collection")
                .baseUnit("bytes").tag("collection", c).publishPercentiles(0.99).register(metrics)).record(bytes);
        largest(collection).accumulateAndGet(bytes, Math::max);
    }

    private AtomicLong largest(String collection) {
        return largest.computeIfAbsent(collection, c -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("canvass.readmodel.document.largest.bytes", value, AtomicLong::get)
                    .description("The largest read-model document of the collection written or refused since start")
                    .baseUnit("bytes").tag("collection", c).register(metrics);
            return value;
        });
    }
}
