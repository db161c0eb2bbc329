package io.canvass.events.campaign;

import java.time.Instant;

/** What happened to a campaign: planned, staffed, retargeted, closed early, ended. */
public sealed interface CampaignEvent
        permits CampaignPlanned, SalespersonAssigned, SalespersonReleased, DailyTargetChanged, CampaignClosed,
        CampaignEnded {

    CampaignId campaignId();

    /** When it happened: recorded time for the manager's changes, the end of the last day for CampaignEnded. */
    Instant occurredAt();
}
