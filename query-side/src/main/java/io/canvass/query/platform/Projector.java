package io.canvass.query.platform;

import io.canvass.events.contract.ContractEvent;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.StreetsAdded;
import io.canvass.query.coverage.CoverageProjection;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.LedgerStore;
import io.canvass.query.profit.ProfitProjection;
import io.canvass.query.quota.QuotaProjection;
import io.canvass.query.reconciliation.ReconciliationProjection;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Projects a batch of events into every read model with a few requests: the ledgers of the batch's
 * contracts are read in one request, the batch's events applied to them in memory, in the order
 * they came (Axon keeps each aggregate's events in order), then the changed ledgers are stored in
 * one request and the dashboards' writes in one request per collection.
 * <p>
 * Idempotent without transactions: a ledger only ever moves forward (guarded by the aggregate's
 * sequence number), and each dashboard write sets a contract's contribution, under its own key,
 * from the ledger as it stands. A batch handled twice, whole or in part (a crash after some writes
 * and before the token), therefore leaves the same documents.
 */
@Component
public class Projector {

    /** One event as delivered: its aggregate sequence, when it was recorded, its global position. */
    public record Delivery(Object event, long sequence, Instant recordedAt, long position) {
    }

    private final MongoTemplate mongo;
    private final LedgerStore ledgers;
    private final CoverageProjection coverage;
    private final QuotaProjection quota;
    private final ProfitProjection profit;
    private final ReconciliationProjection reconciliation;

    public Projector(MongoTemplate mongo, LedgerStore ledgers, CoverageProjection coverage, QuotaProjection quota,
                     ProfitProjection profit, ReconciliationProjection reconciliation) {
        this.mongo = mongo;
        this.ledgers = ledgers;
        this.coverage = coverage;
        this.quota = quota;
        this.profit = profit;
        this.reconciliation = reconciliation;
    }

    public void apply(List<Delivery> batch) {
        Set<String> contractIds = new LinkedHashSet<>();
        for (Delivery delivery : batch) {
            if (delivery.event() instanceof ContractEvent event) {
                contractIds.add(event.contractId().value());
            }
        }
        Map<String, ContractLedger> stored = ledgers.findAll(contractIds);
        Map<String, ContractLedger> current = new LinkedHashMap<>(stored);
        ReadModelWrites writes = new ReadModelWrites(Map.of(CoverageProjection.STREETS, CoverageProjection.STREET_TOTALS,
                ReconciliationProjection.DAYS, ReconciliationProjection.PERIOD_TOTALS,
                ReconciliationProjection.MONTHS, ReconciliationProjection.PERIOD_TOTALS,
                ProfitProjection.COLLECTION, ProfitProjection.DAY_TOTALS));
        for (Delivery delivery : batch) {
            Object event = delivery.event();
            if (event instanceof DistrictPlanned planned) {
                coverage.plan(writes, planned.districtId().value(), planned.city(), planned.name(), planned.streets(), 0);
            } else if (event instanceof StreetsAdded added) {
                // streets added later sort after the plan's, in the order they were added
                coverage.plan(writes, added.districtId().value(), null, null, added.streets(),
                        (int) delivery.sequence() * 10_000);
            } else if (event instanceof ProspectRecorded prospect) {
                coverage.prospect(writes, prospect);
                quota.salesperson(writes, prospect.salespersonId().value());
            } else if (event instanceof ContractEvent contract) {
                ContractLedger ledger = next(current.get(contract.contractId().value()), contract, delivery);
                current.put(ledger.contractId(), ledger);
                coverage.contract(writes, ledger);
                quota.contract(writes, ledger);
                profit.contract(writes, ledger, ledger.facts().stream()
                        .filter(fact -> fact.sequence() == delivery.sequence())
                        .findFirst()
                        .orElse(ledger.signing()));
            }
        }
        // a contract's reconciliation contributions depend on its whole ledger: worked out once per batch,
        // also for a redelivered event that changed nothing (the writes after the ledger may be missing)
        current.values().forEach(ledger -> reconciliation.contract(writes, ledger));
        ledgers.store(new HashMap<>(stored), current.values());
        writes.flush(mongo);
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
