package io.canvass.command.prospect;

import io.canvass.command.platform.RuleViolation;
import io.canvass.command.platform.Streams;
import io.canvass.command.territory.StreetPlan;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Records prospects: the rules that span the plan and every prospect already filed. */
@Component
public class ProspectCommandHandler implements ProspectDirectory {

    private final Repository<Prospect> prospects;
    private final StreetPlan streetPlan;
    private final BusinessKeys businessKeys;
    private final Streams streams;
    private final PersonalData personal;

    public ProspectCommandHandler(Repository<Prospect> prospects, StreetPlan streetPlan, BusinessKeys businessKeys,
                                  Streams streams, PersonalData personal) {
        this.prospects = prospects;
        this.streetPlan = streetPlan;
        this.businessKeys = businessKeys;
        this.streams = streams;
        this.personal = personal;
    }

    /** Answers the sequence number of the ProspectRecorded event (always 0). */
    @CommandHandler
    public long handle(RecordProspect command) throws Exception {
        Optional<Aggregate<Prospect>> existing = load(command.prospectId());
        if (existing.isPresent()) {
            return existing.get().invoke(prospect -> prospect.requireSameAs(command, personal));
        }
        streetPlan.requirePlanned(command.districtId(), command.streetId());
        String holder = businessKeys.claim(command.businessKey(), command.prospectId().value());
        if (!holder.equals(command.prospectId().value())) {
            throw new RuleViolation("\"" + command.businessName() + "\" at \"" + command.address()
                    + "\" is already recorded as prospect " + holder);
        }
        ProspectRecorded recorded = command.toEvent(personal);
        return prospects.newInstance(() -> new Prospect(recorded)).version();
    }

    /** Answers the sequence number of the PersonalDataErased event. */
    @CommandHandler
    public long handle(ErasePersonalData command) {
        return load(command.prospectId()).orElseThrow(() -> new AggregateNotFoundException(command.prospectId().streamId(),
                        "no prospect " + command.prospectId() + " is recorded"))
                .invoke(prospect -> prospect.erase(command, personal));
    }

    @Override
    public Optional<Place> find(ProspectId prospectId) {
        return load(prospectId).map(aggregate -> aggregate.invoke(Prospect::place));
    }

    private Optional<Aggregate<Prospect>> load(ProspectId prospectId) {
        return streams.exists(prospectId) ? Optional.of(prospects.load(prospectId.streamId())) : Optional.empty();
    }
}
