package io.canvass.command.contract;

import io.canvass.command.platform.RuleViolation;
import io.canvass.command.platform.Streams;
import io.canvass.command.prospect.ProspectDirectory;
import io.canvass.events.contract.ContractSigned;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/** Signs contracts: a contract is for a prospect that exists, and takes its channel and place. */
@Component
public class ContractCommandHandler {

    private final Repository<Contract> contracts;
    private final ProspectDirectory prospects;
    private final Streams streams;

    public ContractCommandHandler(Repository<Contract> contracts, ProspectDirectory prospects, Streams streams) {
        this.contracts = contracts;
        this.prospects = prospects;
        this.streams = streams;
    }

    /** Answers the sequence number of the ContractSigned event (always 0). */
    @CommandHandler
    public long handle(SignContract command) throws Exception {
        ProspectDirectory.Place place = prospects.find(command.prospectId()).orElseThrow(() ->
                new RuleViolation("prospect " + command.prospectId() + " is not recorded"));
        ContractSigned event = new ContractSigned(command.contractId(), command.prospectId(), place.channel(),
                place.districtId(), place.streetId(), command.salespersonId(), command.kind(), command.units(),
                command.unitPrice(), command.depositRequired(), command.occurredAt());
        if (streams.exists(command.contractId())) {
            Aggregate<Contract> existing = contracts.load(command.contractId().streamId());
            return existing.invoke(contract -> contract.requireSameAs(event));
        }
        return contracts.newInstance(() -> new Contract(event)).version();
    }
}
