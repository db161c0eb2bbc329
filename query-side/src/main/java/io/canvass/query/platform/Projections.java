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
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Every event into every read model. A contract event first updates the contract's ledger
 * (guarded by its sequence number), then each dashboard's contribution of that contract is set
 * from the ledger as it now stands: so a redelivered event, or a crash between two writes, changes
 * nothing once the event has been handled again. Events of one aggregate are handled in order
 * (Axon's sequencing per aggregate), those of different aggregates in any order.
 */
@Component
@ProcessingGroup(Freshness.PROCESSING_GROUP)
class Projections {

    private final LedgerStore ledgers;
    private final CoverageProjection coverage;
    private final QuotaProjection quota;
    private final ProfitProjection profit;

    Projections(LedgerStore ledgers, CoverageProjection coverage, QuotaProjection quota, ProfitProjection profit) {
        this.ledgers = ledgers;
        this.coverage = coverage;
        this.quota = quota;
        this.profit = profit;
    }

    @EventHandler
    void on(DistrictPlanned event) {
        coverage.plan(event.districtId().value(), event.city(), event.name(), event.streets(), 0);
    }

    @EventHandler
    void on(StreetsAdded event, @SequenceNumber long sequence) {
        // streets added later sort after the plan's, in the order they were added
        coverage.plan(event.districtId().value(), null, null, event.streets(), (int) sequence * 10_000);
    }

    @EventHandler
    void on(ProspectRecorded event) {
        coverage.prospect(event);
        quota.salesperson(event.salespersonId().value());
    }

    @EventHandler
    void on(ContractEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt, TrackingToken token) {
        long position = token == null ? -1 : token.position().orElse(-1);
        ContractLedger ledger;
        if (event instanceof ContractSigned signed) {
            ledger = ContractLedger.signed(signed, sequence, position, recordedAt);
            ledgers.create(ledger);
            ledger = ledgers.find(ledger.contractId()).orElse(ledger);
        } else {
            ContractLedger stored = ledgers.find(event.contractId().value()).orElseThrow(() -> new IllegalStateException(
                    "contract " + event.contractId() + " has events but no signing"));
            ledger = stored.with(event, sequence, position, recordedAt);
            if (ledger != stored) {
                ledgers.update(ledger);
            }
        }
        coverage.contract(ledger);
        quota.contract(ledger);
        profit.contract(ledger, ledger.facts().stream().filter(fact -> fact.sequence() == sequence).findFirst()
                .orElse(ledger.signing()));
    }
}
