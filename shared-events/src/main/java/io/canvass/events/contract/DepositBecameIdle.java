package io.canvass.events.contract;

import io.canvass.events.EventType;
import io.canvass.events.Money;

import java.time.Instant;

/**
 * A deposit held with nothing installed more than {@code days} days after the first deposit's
 * local day (DEPOSIT_IDLE, docs/domain.md#follow-ups): {@code occurredAt} is the start of the first local day it
 * was idle, {@code depositCollected} what was held then.
 */
@EventType(name = "DepositBecameIdle", revision = "1")
public record DepositBecameIdle(
        ContractId contractId,
        Money depositCollected,
        int days,
        Instant occurredAt) implements ContractFollowUp {
}
