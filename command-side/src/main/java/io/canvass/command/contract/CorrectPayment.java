package io.canvass.command.contract;

import io.canvass.events.Money;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.PaymentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Put right a payment recorded with the wrong amount: from now on it counts as {@code correctedAmount}. */
public record CorrectPayment(
        ContractId contractId,
        String correctionId,
        PaymentId paymentId,
        Money correctedAmount,
        String reason,
        Instant occurredAt) {

    @TargetAggregateIdentifier
    public String streamId() {
        return contractId.streamId();
    }
}
