package io.canvass.events.contract;

import java.time.Instant;

/** What happened to a contract, from signing to completion or cancellation. */
public sealed interface ContractEvent
        permits ContractSigned, DepositCollected, UnitsInstalled, BalanceCollected, ContractCancelled, PaymentCorrected {

    ContractId contractId();

    /** When it happened in the field (the app may sync later). */
    Instant occurredAt();
}
