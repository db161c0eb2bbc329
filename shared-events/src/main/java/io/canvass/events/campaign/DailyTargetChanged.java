package io.canvass.events.campaign;

import io.canvass.events.EventType;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The campaign's daily target per salesperson, from a local day on. Never earlier than the day it
 * was recorded: a day's target is the one that stood for that day, and a later change does not
 * rewrite it.
 */
@EventType(name = "DailyTargetChanged", revision = "1")
public record DailyTargetChanged(
        CampaignId campaignId,
        int dailyTarget,
        LocalDate from,
        String reason,
        Instant occurredAt) implements CampaignEvent {
}
