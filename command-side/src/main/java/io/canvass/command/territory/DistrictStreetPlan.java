package io.canvass.command.territory;

import io.canvass.command.platform.RuleViolation;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.events.territory.StreetsAdded;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers from the district's own events, never from a read model that may lag. A plan only ever
 * gains streets (DistrictPlanned, StreetsAdded), so a street once seen stays planned: the streets
 * seen are remembered, and the district's events are read again only for a street not seen yet.
 * They are read without the District aggregate's lock: loading it through its repository held the
 * lock until the prospect's transaction committed, so every prospect of a district waited for the
 * one before (measured: most of a prospect command's time under 16 clients).
 */
@Component
class DistrictStreetPlan implements StreetPlan {

    private final EventStore events;
    private final Map<DistrictId, Set<StreetId>> seen = new ConcurrentHashMap<>();

    DistrictStreetPlan(EventStore events) {
        this.events = events;
    }

    @Override
    public void requirePlanned(DistrictId districtId, StreetId streetId) {
        Set<StreetId> streets = seen.get(districtId);
        if (streets != null && streets.contains(streetId)) {
            return;
        }
        streets = read(districtId);
        if (streets == null) {
            throw new RuleViolation("district " + districtId + " is not planned");
        }
        remember(districtId, streets);
        if (!streets.contains(streetId)) {
            throw new RuleViolation("street " + streetId + " is not planned in district " + districtId);
        }
    }

    /**
     * Remembers the streets seen once they are committed: in a batch (docs/batches.md) the district
     * may have been planned by an earlier command of the same, still uncommitted transaction.
     */
    private void remember(DistrictId districtId, Set<StreetId> streets) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            seen.put(districtId, streets);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                seen.put(districtId, streets);
            }
        });
    }

    /** The district's planned streets from its events, or null when it has none. */
    private Set<StreetId> read(DistrictId districtId) {
        DomainEventStream stream = events.readEvents(districtId.streamId());
        if (!stream.hasNext()) {
            return null;
        }
        Set<StreetId> streets = new HashSet<>();
        stream.forEachRemaining(event -> {
            if (event.getPayload() instanceof DistrictPlanned planned) {
                planned.streets().stream().map(PlannedStreet::streetId).forEach(streets::add);
            } else if (event.getPayload() instanceof StreetsAdded added) {
                added.streets().stream().map(PlannedStreet::streetId).forEach(streets::add);
            }
        });
        return Set.copyOf(streets);
    }
}
