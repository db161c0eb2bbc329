package io.canvass.command.contract;

import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.campaign.CampaignId;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.prospect.ProspectId;

import java.time.Instant;

/** Sign a contract with a recorded prospect; {@code campaignId} names its campaign, or null to find it. */
public record SignContract(
        ContractId contractId,
        ProspectId prospectId,
        UserId salespersonId,
        ContractKind kind,
        int units,
        Money unitPrice,
        Money depositRequired,
        CampaignId campaignId,
        Instant occurredAt) {

    /** Outside every campaign, or in the one the salesperson works that day. */
    public SignContract(ContractId contractId, ProspectId prospectId, UserId salespersonId, ContractKind kind, int units,
                        Money unitPrice, Money depositRequired, Instant occurredAt) {
        this(contractId, prospectId, salespersonId, kind, units, unitPrice, depositRequired, null, occurredAt);
    }
}
