package io.canvass.events.contract;

import io.canvass.events.EventType;
import io.canvass.events.Money;

import java.time.Instant;

/**
 * The contract was cancelled before any installation; {@code refunded} is everything it had
 * collected, handed back.
 */
@EventType(name = "ContractCancelled", revision = "1")
public record ContractCancelled(
        ContractId contractId,
        String reason,
        Money refunded,
        Instant occurredAt) implements ContractEvent {
}
