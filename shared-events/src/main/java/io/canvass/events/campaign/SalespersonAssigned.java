package io.canvass.events.campaign;

import io.canvass.events.EventType;
import io.canvass.events.UserId;

import java.time.Instant;
import java.time.LocalDate;

/** A salesperson works the campaign from a local day on (until released or the campaign's last day). */
@EventType(name = "SalespersonAssigned", revision = "1")
public record SalespersonAssigned(
        CampaignId campaignId,
        UserId salespersonId,
        LocalDate from,
        Instant occurredAt) implements CampaignEvent {
}
