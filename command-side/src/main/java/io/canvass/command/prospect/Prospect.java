package io.canvass.command.prospect;

import io.canvass.command.platform.RuleViolation;
import io.canvass.events.prospect.PersonalDataErased;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A business visited on a planned street. Created by {@link ProspectCommandHandler}, which checks
 * the rules that need more than this aggregate: the street is planned, the business is new.
 */
@Aggregate(repository = "prospectRepository")
public class Prospect {

    @AggregateIdentifier
    private String streamId;
    private ProspectId prospectId;
    private ProspectRecorded recorded;
    private long recordedAt;
    private long erasedAt = -1;

    protected Prospect() {
        // for Axon
    }

    Prospect(ProspectRecorded recorded) {
        apply(recorded);
    }

    /**
     * A retry of the command that recorded this prospect is answered as the first (with the
     * recording's sequence number); anything else is refused. Once its personal data is erased,
     * the personal fields of a retry are not compared (nothing is left to compare them with).
     */
    long requireSameAs(RecordProspect command, PersonalData personal) {
        if (!command.isRecordedBy(recorded, personal, erasedAt >= 0)) {
            throw new RuleViolation("prospect " + prospectId + " is already recorded with other details");
        }
        return recordedAt;
    }

    /**
     * Erases the personal data: records why, and destroys the key with it. A second erasure
     * changes nothing and is answered as the first.
     */
    long erase(ErasePersonalData command, PersonalData personal) {
        if (erasedAt >= 0) {
            return erasedAt;
        }
        personal.erase(prospectId);
        apply(command.toEvent());
        return erasedAt;
    }

    ProspectDirectory.Place place() {
        return new ProspectDirectory.Place(recorded.channel(), recorded.districtId(), recorded.streetId());
    }

    @EventSourcingHandler
    void on(ProspectRecorded event, @SequenceNumber long sequence) {
        prospectId = event.prospectId();
        streamId = prospectId.streamId();
        recorded = event;
        recordedAt = sequence;
    }

    @EventSourcingHandler
    void on(PersonalDataErased event, @SequenceNumber long sequence) {
        erasedAt = sequence;
    }
}
