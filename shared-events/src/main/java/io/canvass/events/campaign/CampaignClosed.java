package io.canvass.events.campaign;

import io.canvass.events.EventType;

import java.time.Instant;
import java.time.LocalDate;

/** The campaign was ended early: {@code lastDay} (the local day of the closure) is its last working day. */
@EventType(name = "CampaignClosed", revision = "1")
public record CampaignClosed(
        CampaignId campaignId,
        String reason,
        LocalDate lastDay,
        Instant occurredAt) implements CampaignEvent {
}
