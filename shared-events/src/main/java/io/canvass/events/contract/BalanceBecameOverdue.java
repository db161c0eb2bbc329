package io.canvass.events.contract;

import io.canvass.events.EventType;
import io.canvass.events.Money;

import java.time.Instant;

/**
 * Units installed and money still outstanding more than {@code days} days after the first
 * installation's local day (BALANCE_OVERDUE, docs/domain.md#follow-ups): {@code occurredAt} is the start of the
 * first local day it was overdue, {@code outstanding} what was due then, as known when recorded.
 */
@EventType(name = "BalanceBecameOverdue", revision = "1")
public record BalanceBecameOverdue(
        ContractId contractId,
        Money outstanding,
        int days,
        Instant occurredAt) implements ContractFollowUp {
}
