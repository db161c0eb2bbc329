package io.canvass.command.campaign;

import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.campaign.CampaignId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The manager's commands on campaigns. Each carries {@code today}, the branch's local day when it
 * was received (from the injected clock), against which "never back" is judged, and
 * {@code recordedAt}, the time its event records.
 */
final class CampaignCommands {

    private CampaignCommands() {
    }

    record PlanCampaign(CampaignId campaignId, String name, Channel channel, LocalDate startDate, LocalDate endDate,
                        int dailyTarget, Money netProfitPerUnit, List<UserId> salespeople, LocalDate today,
                        Instant recordedAt) {
        PlanCampaign {
            salespeople = List.copyOf(salespeople);
        }

        @TargetAggregateIdentifier
        public String streamId() {
            return campaignId.streamId();
        }
    }

    record AssignSalesperson(@TargetAggregateIdentifier String streamId, UserId salespersonId, LocalDate from,
                             LocalDate today, Instant recordedAt) {
    }

    record ReleaseSalesperson(@TargetAggregateIdentifier String streamId, UserId salespersonId, LocalDate from,
                              LocalDate today, Instant recordedAt) {
    }

    record ChangeDailyTarget(@TargetAggregateIdentifier String streamId, int dailyTarget, LocalDate from,
                             String reason, LocalDate today, Instant recordedAt) {
    }

    record CloseCampaign(@TargetAggregateIdentifier String streamId, String reason, Instant occurredAt,
                         LocalDate lastDay, LocalDate today) {
    }
}
