package io.canvass.command.contract;

import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.prospect.ProspectId;

import java.time.Instant;

/** Sign a contract with a recorded prospect. */
public record SignContract(
        ContractId contractId,
        ProspectId prospectId,
        UserId salespersonId,
        ContractKind kind,
        int units,
        Money unitPrice,
        Money depositRequired,
        Instant occurredAt) {
}
