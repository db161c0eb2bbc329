package io.canvass.events.contract;

import java.time.Instant;

/**
 * A contract that needs a call, recorded by a deadline when it falls due, and cleared when the
 * reason goes. In the contract's stream, beside its {@link ContractEvent}s; none of them changes
 * the contract's money, units or status.
 */
public sealed interface ContractFollowUp
        permits BalanceBecameOverdue, BalanceOverdueCleared, DepositBecameIdle, DepositIdleCleared {

    ContractId contractId();

    /** When it fell due (the deadline's moment), or when what cleared it happened in the field. */
    Instant occurredAt();
}
