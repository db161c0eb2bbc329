package io.canvass.command.contract;

import io.canvass.events.contract.ContractId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Cancel a contract before installation, refunding what it collected. */
public record CancelContract(
        ContractId contractId,
        String reason,
        Instant occurredAt) {

    @TargetAggregateIdentifier
    public String streamId() {
        return contractId.streamId();
    }
}
