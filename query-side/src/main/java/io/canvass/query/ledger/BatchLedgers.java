package io.canvass.query.ledger;

import io.canvass.query.engine.Projector.Delivery;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contract ledgers of one batch, as {@link LedgerProjection} worked them out: each contract
 * event's ledger just after it, and every ledger the batch touched as it stands at the batch's end.
 */
public final class BatchLedgers {

    private final Map<Delivery, ContractLedger> afterEach = new IdentityHashMap<>();
    private final Map<String, ContractLedger> current = new LinkedHashMap<>();

    void record(Delivery delivery, ContractLedger ledger) {
        afterEach.put(delivery, ledger);
        current.put(ledger.contractId(), ledger);
    }

    /** The ledger of the delivered contract event's contract just after it. */
    public ContractLedger after(Delivery delivery) {
        ContractLedger ledger = afterEach.get(delivery);
        if (ledger == null) {
            throw new IllegalArgumentException("not a contract event of this batch: " + delivery);
        }
        return ledger;
    }

    /** Every ledger the batch touched, as it stands after the batch. */
    public Collection<ContractLedger> all() {
        return current.values();
    }
}
