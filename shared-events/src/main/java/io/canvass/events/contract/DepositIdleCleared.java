package io.canvass.events.contract;

import io.canvass.events.EventType;

import java.time.Instant;

/** An idle deposit no longer is: units were installed, the contract cancelled, or the deposit corrected to 0. */
@EventType(name = "DepositIdleCleared", revision = "1")
public record DepositIdleCleared(
        ContractId contractId,
        String reason,
        Instant occurredAt) implements ContractFollowUp {
}
