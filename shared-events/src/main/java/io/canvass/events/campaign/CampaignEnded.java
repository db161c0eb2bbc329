package io.canvass.events.campaign;

import io.canvass.events.EventType;
import io.canvass.events.Money;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The campaign's last day is over (recorded by its deadline, at the end of that day): its plan as
 * it finally stood (salesperson-days, units, net profit) and what was signed for it (live
 * contracts and their units, as known when it ended).
 */
@EventType(name = "CampaignEnded", revision = "1")
public record CampaignEnded(
        CampaignId campaignId,
        LocalDate lastDay,
        int salespersonDays,
        int plannedUnits,
        Money plannedNetProfit,
        int contracts,
        int unitsSigned,
        Instant occurredAt) implements CampaignEvent {
}
