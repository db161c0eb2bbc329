package io.canvass.events.contract;

import io.canvass.events.Channel;
import io.canvass.events.EventType;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.campaign.CampaignId;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;

import java.time.Instant;

/**
 * A contract was signed with a recorded prospect. The prospect's channel, district and street are
 * copied in as they were at signing, so every read model can place the contract from this event
 * alone. {@code campaignId} (revision 2; null in revision 1 and for work outside every campaign) is
 * the campaign the contract counts for, settled at signing: a later change of staffing does not
 * move it.
 */
@EventType(name = "ContractSigned", revision = "2")
public record ContractSigned(
        ContractId contractId,
        ProspectId prospectId,
        Channel channel,
        DistrictId districtId,
        StreetId streetId,
        UserId salespersonId,
        ContractKind kind,
        int units,
        Money unitPrice,
        Money depositRequired,
        CampaignId campaignId,
        Instant occurredAt) implements ContractEvent {

    /** A contract outside every campaign. */
    public ContractSigned(ContractId contractId, ProspectId prospectId, Channel channel, DistrictId districtId,
                          StreetId streetId, UserId salespersonId, ContractKind kind, int units, Money unitPrice,
                          Money depositRequired, Instant occurredAt) {
        this(contractId, prospectId, channel, districtId, streetId, salespersonId, kind, units, unitPrice,
                depositRequired, null, occurredAt);
    }

    /** The same contract without a campaign (what a retry that names none is compared by). */
    public ContractSigned withoutCampaign() {
        return new ContractSigned(contractId, prospectId, channel, districtId, streetId, salespersonId, kind, units,
                unitPrice, depositRequired, null, occurredAt);
    }

    /** Units x unit price. */
    public Money contractValue() {
        return unitPrice.times(units);
    }
}
