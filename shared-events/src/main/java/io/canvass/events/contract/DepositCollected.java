package io.canvass.events.contract;

import io.canvass.events.EventType;
import io.canvass.events.Money;

import java.time.Instant;

/** A down payment (sale) or sample deposit (distribution agreement) was received. */
@EventType(name = "DepositCollected", revision = "1")
public record DepositCollected(
        ContractId contractId,
        PaymentId paymentId,
        Money amount,
        PaymentMethod method,
        String receiptNo,
        Instant occurredAt) implements ContractEvent {
}
