package io.canvass.command.territory;

import io.canvass.command.platform.RuleViolation;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.events.territory.StreetsAdded;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A district of the project manager's plan and its streets. */
@Aggregate(repository = "districtRepository")
public class District {

    @AggregateIdentifier
    private String streamId;
    private DistrictId districtId;
    private String city;
    private String name;
    private List<PlannedStreet> plannedStreets;
    private long plannedAt;
    private final Map<StreetId, String> streets = new LinkedHashMap<>();
    private final Map<List<PlannedStreet>, Long> additions = new LinkedHashMap<>();
    private long lastSequence;

    protected District() {
        // for Axon
    }

    /** Answers the sequence number of the event that holds the plan (a retry answers the first). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public long handle(PlanDistrict command) {
        requireDistinctStreets(command.streets());
        if (districtId != null) {
            if (city.equals(command.city()) && name.equals(command.name())
                    && plannedStreets.equals(command.streets())) {
                return plannedAt;
            }
            throw new RuleViolation("district " + command.districtId() + " is already planned differently;"
                    + " add streets with POST /api/districts/" + command.districtId() + "/streets");
        }
        apply(new DistrictPlanned(command.districtId(), command.city(), command.name(), command.streets(),
                command.occurredAt()));
        return lastSequence;
    }

    @CommandHandler
    public long handle(AddStreets command) {
        requireDistinctStreets(command.streets());
        Long earlier = additions.get(command.streets());
        if (earlier != null) {
            return earlier;
        }
        for (PlannedStreet street : command.streets()) {
            if (streets.containsKey(street.streetId())) {
                throw new RuleViolation("street " + street.streetId() + " is already planned in district " + districtId);
            }
        }
        apply(new StreetsAdded(districtId, command.streets(), command.occurredAt()));
        return lastSequence;
    }

    private static void requireDistinctStreets(List<PlannedStreet> planned) {
        if (planned.isEmpty()) {
            throw new RuleViolation("a plan needs at least one street");
        }
        Set<StreetId> seen = new HashSet<>();
        for (PlannedStreet street : planned) {
            if (!seen.add(street.streetId())) {
                throw new RuleViolation("street " + street.streetId() + " appears twice in the plan");
            }
        }
    }

    @EventSourcingHandler
    void on(DistrictPlanned event, @SequenceNumber long sequence) {
        districtId = event.districtId();
        streamId = districtId.streamId();
        city = event.city();
        name = event.name();
        plannedStreets = event.streets();
        plannedAt = sequence;
        event.streets().forEach(street -> streets.put(street.streetId(), street.name()));
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(StreetsAdded event, @SequenceNumber long sequence) {
        event.streets().forEach(street -> streets.put(street.streetId(), street.name()));
        additions.put(event.streets(), sequence);
        lastSequence = sequence;
    }
}
