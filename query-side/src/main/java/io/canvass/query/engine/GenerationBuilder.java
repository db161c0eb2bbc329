package io.canvass.query.engine;

import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Builds a generation of the read models in bulk: nobody reads it yet and nothing else writes to
 * it, so it takes the events in large chunks (each read model folds a whole chunk in memory and
 * writes each document it touched once per chunk, by {@code _id} alone and without guards) rather
 * than the processor's small batches. Memory is bounded by the chunk, however large the store.
 * Events are read through Axon's own JDBC storage engine, as the processor reads them (same
 * serializer, upcasters, gap-aware tokens), on a thread of their own while the previous chunk is
 * applied. What cannot be read or applied is parked in the generation, as the processor parks it.
 * A build that stops half-way leaves a generation nobody reads: it is dropped and built again.
 */
@Component
public class GenerationBuilder {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GenerationBuilder.class);

    /** A chunk read, with the token after its last event. */
    private record Chunk(List<Projector.Delivery> deliveries, TrackingToken token, long events, boolean last) {
    }

    private final JdbcEventStorageEngine events;
    private final Projector projector;
    private final int chunkEvents;
    private final java.util.function.Function<List<String>, java.util.Map<String, Long>> positions;

    GenerationBuilder(DataSource dataSource, EventSchema schema, TransactionManager transactions,
                      @Qualifier("eventSerializer") Serializer serializer, Serializer snapshots,
                      org.axonframework.config.Configuration axon, Projector projector,
                      RebuildSettings settings) {
        int chunkEvents = settings.chunkEvents();
        this.events = JdbcEventStorageEngine.builder()
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource)))
                .transactionManager(transactions)
                .persistenceExceptionResolver(new JdbcSQLErrorCodesResolver())
                .eventSerializer(serializer)
                .snapshotSerializer(snapshots)
                .upcasterChain(axon.upcasterChain())
                .schema(schema)
                .batchSize(Math.min(chunkEvents, 5_000))
                .build();
        this.projector = projector;
        this.chunkEvents = chunkEvents;
        this.positions = Projections.lookup(new org.springframework.jdbc.core.JdbcTemplate(dataSource));
    }

    /** How far a pass got: the token after the last event read (the one it started from if none), and how many. */
    public record Pass(TrackingToken token, long events) {
    }

    /**
     * Applies to {@code target} every event after {@code from} (all of them from null) that the store
     * holds now, chunk by chunk; {@code reached} hears each chunk's last position once applied.
     */
    public Pass apply(MongoTemplate target, TrackingToken from, LongConsumer reached) throws InterruptedException {
        BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(2);
        Thread reader = new Thread(() -> read(from, chunks), "read-model-build-reader");
        reader.setDaemon(true);
        reader.start();
        TrackingToken token = from;
        long applied = 0;
        long waited = 0;
        long busy = 0;
        try {
            while (true) {
                long waiting = System.nanoTime();
                Object next = chunks.take();
                waited += System.nanoTime() - waiting;
                if (next instanceof RuntimeException failure) {
                    throw failure;
                }
                Chunk chunk = (Chunk) next;
                if (!chunk.deliveries().isEmpty()) {
                    long applying = System.nanoTime();
                    projector.apply(target, chunk.deliveries(), true);
                    busy += System.nanoTime() - applying;
                    reached.accept(chunk.deliveries().get(chunk.deliveries().size() - 1).position());
                }
                if (chunk.token() != null) {
                    token = chunk.token();
                }
                applied += chunk.events();
                if (chunk.last()) {
                    log.info("Pass of {} events: {} ms applying, {} ms waiting for the reader", applied, busy / 1_000_000,
                            waited / 1_000_000);
                    return new Pass(token, applied);
                }
            }
        } finally {
            reader.interrupt();
        }
    }

    private void read(TrackingToken from, BlockingQueue<Object> chunks) {
        try (Stream<? extends TrackedEventMessage<?>> stream = events.readEvents(from, false)) {
            List<Projector.Delivery> deliveries = new ArrayList<>(chunkEvents);
            TrackingToken last = null;
            TrackingToken previous = from;
            long count = 0;
            var iterator = stream.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> message = iterator.next();
                last = message.trackingToken();
                count++;
                Projector.Delivery delivery = Projections.delivery(message, previous);
                previous = last;
                if (delivery != null) {
                    deliveries.add(delivery);
                }
                if (count == chunkEvents) {
                    deliveries = Projections.resolved(deliveries, positions);
                    chunks.put(new Chunk(deliveries, last, count, false));
                    deliveries = new ArrayList<>(chunkEvents);
                    count = 0;
                }
            }
            chunks.put(new Chunk(Projections.resolved(deliveries, positions), last, count, true));
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException failure) {
            try {
                chunks.put(failure);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
