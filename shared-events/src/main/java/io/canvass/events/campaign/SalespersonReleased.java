package io.canvass.events.campaign;

import io.canvass.events.EventType;
import io.canvass.events.UserId;

import java.time.Instant;
import java.time.LocalDate;

/** A salesperson no longer works the campaign from a local day on ({@code from} is their first day off it). */
@EventType(name = "SalespersonReleased", revision = "1")
public record SalespersonReleased(
        CampaignId campaignId,
        UserId salespersonId,
        LocalDate from,
        Instant occurredAt) implements CampaignEvent {
}
