package io.canvass.command.settlement;

import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.events.settlement.MatchedPayment;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The contracts' payments as the statements match them: every deposit and balance with its method,
 * amount as corrected, field time and receipt number, and every refund (negative, no method). Kept
 * in the transaction of the events that record them, so a statement reads what is committed.
 */
public interface SettlementPayments {

    /** A payment and what matching needs of it. */
    record Payment(MatchedPayment payment, PaymentMethod method, Instant occurredAt, String receiptNo) {
    }

    /** The payments of these methods (and the refunds, if asked) whose field time is in [from, to). */
    List<Payment> between(Set<PaymentMethod> methods, boolean refunds, Instant from, Instant to);

    /** The payments of these methods whose receipt number is one of these texts. */
    List<Payment> withReceipt(Set<PaymentMethod> methods, Collection<String> receiptNos);

    Optional<Payment> find(ContractId contractId, MatchedKind kind, PaymentId paymentId);
}
