package io.canvass.events.settlement;

import io.canvass.events.Money;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.PaymentId;

/**
 * A contract's payment in a match or proposal: a deposit or balance by its id, or the contract's
 * refund ({@code paymentId} null: a contract is refunded once, on cancellation), with its amount
 * when matched (a refund's is negative).
 */
public record MatchedPayment(ContractId contractId, MatchedKind kind, PaymentId paymentId, Money amount) {

    /** The payment's key, the same whatever its amount: contract, kind and payment id. */
    public String key() {
        return contractId.value() + "/" + kind + (paymentId == null ? "" : "/" + paymentId.value());
    }
}
