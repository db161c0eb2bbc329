package io.canvass.command.contract;

import io.canvass.command.platform.BranchCalendar;
import io.canvass.command.platform.RuleViolation;
import io.canvass.command.platform.Streams;
import io.canvass.command.prospect.ProspectDirectory;
import io.canvass.events.campaign.CampaignId;
import io.canvass.events.contract.ContractSigned;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Signs contracts: a contract is for a prospect that exists, and takes its channel and place; it
 * counts for the campaign named, or the one its salesperson works for that channel on the signing day.
 */
@Component
public class ContractCommandHandler {

    private final Repository<Contract> contracts;
    private final ProspectDirectory prospects;
    private final Streams streams;
    private final ContractCampaigns campaigns;
    private final BranchCalendar calendar;

    public ContractCommandHandler(Repository<Contract> contracts, ProspectDirectory prospects, Streams streams,
                                  ContractCampaigns campaigns, BranchCalendar calendar) {
        this.contracts = contracts;
        this.prospects = prospects;
        this.streams = streams;
        this.campaigns = campaigns;
        this.calendar = calendar;
    }

    /** Answers the sequence number of the ContractSigned event (always 0). */
    @CommandHandler
    public long handle(SignContract command) throws Exception {
        ProspectDirectory.Place place = prospects.find(command.prospectId()).orElseThrow(() ->
                new RuleViolation("prospect " + command.prospectId() + " is not recorded"));
        if (streams.exists(command.contractId())) {
            ContractSigned again = signed(command, place, command.campaignId());
            Aggregate<Contract> existing = contracts.load(command.contractId().streamId());
            return existing.invoke(contract -> contract.requireSameAs(again, command.campaignId() != null));
        }
        CampaignId campaign = campaigns.campaignFor(command.salespersonId(), place.channel(),
                calendar.localDate(command.occurredAt()), command.campaignId()).orElse(null);
        ContractSigned event = signed(command, place, campaign);
        return contracts.newInstance(() -> new Contract(event)).version();
    }

    private static ContractSigned signed(SignContract command, ProspectDirectory.Place place, CampaignId campaign) {
        return new ContractSigned(command.contractId(), command.prospectId(), place.channel(), place.districtId(),
                place.streetId(), command.salespersonId(), command.kind(), command.units(), command.unitPrice(),
                command.depositRequired(), campaign, command.occurredAt());
    }
}
