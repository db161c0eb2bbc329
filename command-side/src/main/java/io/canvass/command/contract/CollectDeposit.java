package io.canvass.command.contract;

import io.canvass.events.Money;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentMethod;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Record a down payment or sample deposit received. */
public record CollectDeposit(
        ContractId contractId,
        PaymentId paymentId,
        Money amount,
        PaymentMethod method,
        String receiptNo,
        Instant occurredAt) {

    @TargetAggregateIdentifier
    public String streamId() {
        return contractId.streamId();
    }
}
