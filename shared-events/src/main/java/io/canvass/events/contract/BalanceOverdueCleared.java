package io.canvass.events.contract;

import io.canvass.events.EventType;

import java.time.Instant;

/** An overdue balance no longer is: everything is paid ({@code occurredAt} is that payment's or correction's). */
@EventType(name = "BalanceOverdueCleared", revision = "1")
public record BalanceOverdueCleared(
        ContractId contractId,
        String reason,
        Instant occurredAt) implements ContractFollowUp {
}
