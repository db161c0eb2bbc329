package io.canvass.events.contract;

import io.canvass.events.EventType;
import io.canvass.events.Money;

import java.time.Instant;

/** Part or all of the balance (余款) was received after installation. */
@EventType(name = "BalanceCollected", revision = "1")
public record BalanceCollected(
        ContractId contractId,
        PaymentId paymentId,
        Money amount,
        PaymentMethod method,
        String receiptNo,
        Instant occurredAt) implements ContractEvent {
}
