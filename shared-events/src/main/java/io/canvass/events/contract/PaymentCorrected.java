package io.canvass.events.contract;

import io.canvass.events.EventType;
import io.canvass.events.Money;

import java.time.Instant;

/**
 * A payment recorded with the wrong amount is put right by this compensating event: from now on
 * the payment counts as {@code correctedAmount} instead of {@code previousAmount}. The original
 * event stays in history untouched.
 */
@EventType(name = "PaymentCorrected", revision = "1")
public record PaymentCorrected(
        ContractId contractId,
        String correctionId,
        PaymentId paymentId,
        PaymentKind paymentKind,
        Money previousAmount,
        Money correctedAmount,
        String reason,
        Instant occurredAt) implements ContractEvent {

    /** What the correction adds to (positive) or takes from (negative) the payment's kind. */
    public Money delta() {
        return correctedAmount.minus(previousAmount);
    }
}
