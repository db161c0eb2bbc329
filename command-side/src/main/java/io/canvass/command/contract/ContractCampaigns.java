package io.canvass.command.contract;

import io.canvass.command.platform.RuleViolation;
import io.canvass.events.Channel;
import io.canvass.events.UserId;
import io.canvass.events.campaign.CampaignId;

import java.time.LocalDate;
import java.util.Optional;

/** The campaigns a contract may count for. */
public interface ContractCampaigns {

    /**
     * The campaign a contract signed by the salesperson in the channel on the local day counts
     * for: {@code named} if they work it for that channel that day (otherwise a {@code RuleViolation}),
     * or, when none is named, the one they work, if any.
     */
    Optional<CampaignId> campaignFor(UserId salespersonId, Channel channel, LocalDate day, CampaignId named);

    /** Outside every campaign (tests of contracts alone). */
    ContractCampaigns NONE = new ContractCampaigns() {
        @Override
        public Optional<CampaignId> campaignFor(UserId salespersonId, Channel channel, LocalDate day, CampaignId named) {
            if (named != null) {
                throw new RuleViolation("salesperson " + salespersonId
                        + " does not work campaign " + named + " for " + channel + " on " + day);
            }
            return Optional.empty();
        }
    };
}
