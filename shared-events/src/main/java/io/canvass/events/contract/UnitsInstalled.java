package io.canvass.events.contract;

import io.canvass.events.EventType;
import io.canvass.events.UserId;

import java.time.Instant;

/** Units were delivered, installed and demonstrated, and the delivery receipt signed. */
@EventType(name = "UnitsInstalled", revision = "1")
public record UnitsInstalled(
        ContractId contractId,
        InstallationId installationId,
        int units,
        UserId installerId,
        String deliveryReceiptNo,
        Instant occurredAt) implements ContractEvent {
}
