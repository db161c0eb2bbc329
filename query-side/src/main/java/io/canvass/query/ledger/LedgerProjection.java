package io.canvass.query.ledger;

import io.canvass.events.contract.ContractEvent;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.contract.ContractId;
import io.canvass.query.engine.Batch;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.engine.Reach;
import io.canvass.query.engine.Projector.Delivery;
import io.canvass.query.engine.ReadModel;
import io.canvass.query.engine.ReadModelWrites;
import com.mongodb.client.model.Indexes;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contract ledgers, first of the read models: the batch's contracts are read in one request,
 * its events applied to them in memory in the order they came, and the changed ledgers stored in
 * one request, before any dashboard write. The other read models take the ledgers from the batch
 * ({@link #ledgers}) and derive their contributions from them, so every dashboard agrees.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class LedgerProjection implements ReadModel {

    private final LedgerStore store;
    private final CanvassSettings settings;

    public LedgerProjection(LedgerStore store, CanvassSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    @Override
    public List<String> collections() {
        return List.of(LedgerStore.COLLECTION);
    }

    /** A campaign's progress reads its contracts. */
    @Override
    public void createIndexes(MongoTemplate mongo) {
        mongo.getCollection(LedgerStore.COLLECTION).createIndex(Indexes.ascending("campaignId"));
    }

    @Override
    public void apply(Batch batch, ReadModelWrites writes) {
        batch.result(BatchLedgers.class, this::fold);
    }

    /** A contract is placed by its signing: its district, channel, salesperson, campaign, and the days of its facts. */
    @Override
    public Reach placed(MongoTemplate generation, String stream) {
        if (!stream.startsWith(ContractId.STREAM)) {
            return null;
        }
        ContractLedger ledger = store.findAll(generation, List.of(stream.substring(ContractId.STREAM.length())))
                .values().stream().findFirst().orElse(null);
        if (ledger == null) {
            return null;
        }
        List<java.time.LocalDate> days = ledger.facts().stream().map(fact -> settings.localDate(fact.occurredAt()))
                .sorted().toList();
        return Reach.placed(ledger.districtId(), ledger.channel().name(), ledger.salespersonId(), ledger.campaignId(),
                days.get(0), days.get(days.size() - 1));
    }

    /** The ledgers of the batch (worked out and stored once per batch, by whichever asks first). */
    public static BatchLedgers ledgers(Batch batch) {
        return batch.result(BatchLedgers.class, unused -> {
            throw new IllegalStateException("the ledger projection runs before every other read model");
        });
    }

    private BatchLedgers fold(Batch batch) {
        Set<String> contractIds = new LinkedHashSet<>();
        for (Delivery delivery : batch.deliveries()) {
            if (delivery.event() instanceof ContractEvent event) {
                contractIds.add(event.contractId().value());
            }
        }
        Map<String, ContractLedger> stored = store.findAll(batch.target(), contractIds);
        Map<String, ContractLedger> current = new HashMap<>(stored);
        BatchLedgers ledgers = new BatchLedgers();
        for (Delivery delivery : batch.deliveries()) {
            if (delivery.event() instanceof ContractEvent event) {
                ContractLedger ledger = next(current.get(event.contractId().value()), event, delivery);
                current.put(ledger.contractId(), ledger);
                ledgers.record(delivery, ledger);
            }
        }
        store.store(batch.target(), stored, ledgers.all(), batch.soleWriter());
        return ledgers;
    }

    private static ContractLedger next(ContractLedger ledger, ContractEvent event, Delivery delivery) {
        if (event instanceof ContractSigned signed) {
            // a redelivered signing leaves the ledger as it is (it may already hold later facts)
            return ledger != null ? ledger
                    : ContractLedger.signed(signed, delivery.sequence(), delivery.position(), delivery.recordedAt());
        }
        if (ledger == null) {
            throw new IllegalStateException("contract " + event.contractId() + " has events but no signing");
        }
        return ledger.with(event, delivery.sequence(), delivery.position(), delivery.recordedAt());
    }
}
