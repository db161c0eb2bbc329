package io.canvass.command.contract;

import io.canvass.events.UserId;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.InstallationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Record units delivered and installed, with the signed delivery receipt. */
public record InstallUnits(
        ContractId contractId,
        InstallationId installationId,
        int units,
        UserId installerId,
        String deliveryReceiptNo,
        Instant occurredAt) {

    @TargetAggregateIdentifier
    public String streamId() {
        return contractId.streamId();
    }
}
