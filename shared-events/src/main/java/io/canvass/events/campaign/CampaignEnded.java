package io.canvass.events.campaign;

import io.canvass.events.EventType;
import io.canvass.events.Money;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The campaign's last day is over (recorded by its deadline, at the end of that day): its plan as
 * it finally stood, no longer open to change (salesperson-days, units, net profit). What was
 * signed and installed for it is the read models' to tell: field apps may still sync work done
 * before the end, and it counts.
 */
@EventType(name = "CampaignEnded", revision = "1")
public record CampaignEnded(
        CampaignId campaignId,
        LocalDate lastDay,
        int salespersonDays,
        int plannedUnits,
        Money plannedNetProfit,
        Instant occurredAt) implements CampaignEvent {
}
