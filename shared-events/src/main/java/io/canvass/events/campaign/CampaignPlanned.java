package io.canvass.events.campaign;

import io.canvass.events.Channel;
import io.canvass.events.EventType;
import io.canvass.events.Money;
import io.canvass.events.UserId;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A campaign was planned: a channel worked from {@code startDate} to {@code endDate} (the
 * branch's local days, both included) by the salespeople named, each to sign {@code dailyTarget}
 * units a day, every unit installed earning {@code netProfitPerUnit}. A campaign of channel
 * {@link Channel#OTHER} is the plan's "other channels" campaign: it covers every channel after the
 * photo studios ({@link Channel#includes}).
 */
@EventType(name = "CampaignPlanned", revision = "1")
public record CampaignPlanned(
        CampaignId campaignId,
        String name,
        Channel channel,
        LocalDate startDate,
        LocalDate endDate,
        int dailyTarget,
        Money netProfitPerUnit,
        List<UserId> salespeople,
        Instant occurredAt) implements CampaignEvent {

    public CampaignPlanned {
        salespeople = List.copyOf(salespeople);
    }
}
