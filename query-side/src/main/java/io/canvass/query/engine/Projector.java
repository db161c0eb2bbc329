package io.canvass.query.engine;

import com.mongodb.MongoException;
import io.canvass.events.StreamIdentifier;
import io.canvass.events.campaign.CampaignEvent;
import io.canvass.events.contract.ContractEvent;
import io.canvass.events.contract.ContractFollowUp;
import io.canvass.events.prospect.ProspectEvent;
import io.canvass.events.settlement.StatementEvent;
import io.canvass.events.settlement.StatementId;
import io.canvass.events.territory.DistrictEvent;
import io.canvass.query.platform.CanvassSettings;
import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Projects a batch of events into every {@link ReadModel} with a few requests: each read model
 * applies the whole batch in memory (the ledgers of the batch's contracts are read in one request
 * and stored in one), and the dashboards' writes are then sent in one request per collection.
 * <p>
 * Idempotent without transactions: a ledger only ever moves forward (guarded by the aggregate's
 * sequence number), and each dashboard write sets a contract's contribution, under its own key,
 * from the ledger as it stands. A batch handled twice, whole or in part (a crash after some writes
 * and before the token), therefore leaves the same documents.
 * <p>
 * An event no read model can apply (or that could not even be read) is parked in {@link
 * DeadLetters} with the events of its stream that come after it; the rest of the batch is applied.
 * A failure of MongoDB itself parks nothing: the batch fails and is handled again.
 */
@Component
public class Projector {

    /**
     * One event as delivered: its aggregate sequence, when it was recorded, its global position,
     * its stream (contract, prospect or district) and id; {@code problem} says why an event that
     * could not be read is not there ({@code event} is then null).
     */
    public record Delivery(Object event, long sequence, Instant recordedAt, long position, String streamId,
                           String eventId, String type, String problem) {

        public Delivery(Object event, long sequence, Instant recordedAt, long position) {
            this(event, sequence, recordedAt, position, streamOf(event), streamOf(event) + "#" + sequence,
                    event.getClass().getSimpleName(), null);
        }

        static String streamOf(Object event) {
            if (event instanceof ContractEvent e) {
                return e.contractId().streamId();
            }
            if (event instanceof ProspectEvent e) {
                return e.prospectId().streamId();
            }
            if (event instanceof DistrictEvent e) {
                return e.districtId().streamId();
            }
            if (event instanceof ContractFollowUp e) {
                return e.contractId().streamId();
            }
            if (event instanceof CampaignEvent e) {
                return e.campaignId().streamId();
            }
            if (event instanceof StatementEvent e) {
                return StatementId.of(e.source()).streamId();
            }
            return event instanceof StreamIdentifier id ? id.streamId() : String.valueOf(event);
        }
    }

    private final MongoTemplate mongo;
    private final List<ReadModel> readModels;
    private final DeadLetters deadLetters;
    private final CanvassSettings settings;
    private final Map<String, ReadModelWrites.Summary> summaries = new HashMap<>();

    public Projector(MongoTemplate mongo, List<ReadModel> readModels, DeadLetters deadLetters, CanvassSettings settings) {
        this.mongo = mongo;
        this.settings = settings;
        this.readModels = List.copyOf(readModels);
        this.deadLetters = deadLetters;
        this.readModels.forEach(readModel -> summaries.putAll(readModel.summaries()));
    }

    /** Applies a batch to the current generation, parking what cannot be applied (and what waits behind it). */
    public void apply(List<Delivery> deliveries) {
        apply(mongo, deliveries, false);
    }

    /**
     * Applies a batch to a generation of the read models, parking what cannot be applied (and what
     * waits behind it) there. {@code soleWriter}: nothing else writes to that generation (it is being
     * built), so writes need no guards against other writers.
     */
    public void apply(MongoTemplate target, List<Delivery> deliveries, boolean soleWriter) {
        Set<String> parkedBefore = deadLetters.parkedStreams(target);
        Set<String> parked = new HashSet<>(parkedBefore);
        Set<Delivery> parkedNow = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Delivery> ready = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            if (delivery.problem() != null || parked.contains(delivery.streamId())) {
                parked.add(delivery.streamId());
                parkedNow.add(delivery);
            } else {
                ready.add(delivery);
            }
        }
        if (!ready.isEmpty()) {
            try {
                applyNow(target, ready, soleWriter);
            } catch (DataAccessException | MongoException unavailable) {
                throw unavailable;
            } catch (RuntimeException failure) {
                applyOneByOne(target, deliveries, soleWriter, parkedBefore, parkedNow);
            }
        }
        // parked after the rest is applied: a stream's events before its first parked one place it (Reach)
        for (Delivery delivery : deliveries) {
            if (parkedNow.contains(delivery)) {
                park(target, delivery, delivery.problem());
            }
        }
    }

    /**
     * Which event fails? One at a time, in order, each stream stopping at its first failure (a
     * stream's events before its first parked one are applied, however large the batch).
     */
    private void applyOneByOne(MongoTemplate target, List<Delivery> deliveries, boolean soleWriter,
                               Set<String> parkedBefore, Set<Delivery> parkedNow) {
        Set<String> stopped = new HashSet<>(parkedBefore);
        for (Delivery delivery : deliveries) {
            if (parkedNow.contains(delivery)) {
                stopped.add(delivery.streamId());
                continue;
            }
            if (stopped.contains(delivery.streamId())) {
                park(target, delivery, null);
                continue;
            }
            try {
                applyNow(target, List.of(delivery), soleWriter);
            } catch (DataAccessException | MongoException unavailable) {
                throw unavailable;
            } catch (RuntimeException poison) {
                park(target, delivery, describe(poison));
                stopped.add(delivery.streamId());
            }
        }
    }

    /** Parks a delivery with where its figures would go (which answers it makes stale). */
    private void park(MongoTemplate target, Delivery delivery, String error) {
        deadLetters.park(target, delivery, error, reach(target, delivery));
    }

    /**
     * Where a delivery's figures would go: what its event tells, with where the read models placed
     * its stream before it (an event that cannot be read: that placement, on days not known).
     */
    Reach reach(MongoTemplate target, Delivery delivery) {
        Reach placed = null;
        for (ReadModel readModel : readModels) {
            Reach here = readModel.placed(target, delivery.streamId());
            if (here != null) {
                placed = placed == null ? here : placed.and(here);
            }
        }
        if (delivery.event() == null) {
            return placed == null ? Reach.UNKNOWN : placed.onUnknownDays();
        }
        Reach told = Reach.of(delivery.event(), settings);
        return placed == null ? told : told.and(placed);
    }

    /** Applies events to the current generation without parking anything: a failure is thrown (a retry of parked events). */
    void applyNow(List<Delivery> deliveries) {
        applyNow(mongo, deliveries, false);
    }

    private void applyNow(MongoTemplate target, List<Delivery> deliveries, boolean soleWriter) {
        Batch batch = new Batch(deliveries, target, soleWriter);
        ReadModelWrites writes = new ReadModelWrites(summaries);
        for (ReadModel readModel : readModels) {
            readModel.apply(batch, writes);
        }
        writes.flush(target, soleWriter);
    }

    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.toString());
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append("; caused by ").append(cause);
        }
        return text.length() > 2000 ? text.substring(0, 2000) : text.toString();
    }

    /** Every read model, in order. */
    public List<ReadModel> readModels() {
        return readModels;
    }
}
