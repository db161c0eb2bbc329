package io.canvass.query.coverage;

import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.ReadModelWrites;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Coverage in two collections: {@code coverage_districts}, one small document per district with
 * its plan (name, city, streets), and {@code coverage_streets}, one document per street, keyed
 * {@code districtId|streetId}, holding the contribution of each prospect and contract filed on it.
 * Every write sets a contribution under the source's own key (never a bare increment), so
 * delivering an event twice changes nothing and events may arrive in any order across aggregates;
 * and each write touches one street's document, which stays small however large the district grows.
 */
@Component
public class CoverageProjection {

    public static final String DISTRICTS = "coverage_districts";
    public static final String STREETS = "coverage_streets";

    static String streetKey(String districtId, String streetId) {
        return districtId + "|" + streetId;
    }

    public void plan(ReadModelWrites writes, String districtId, String city, String name, List<PlannedStreet> streets,
                     int firstOrder) {
        if (city != null) {
            writes.set(DISTRICTS, districtId, "city", city).set(DISTRICTS, districtId, "name", name);
        }
        int order = firstOrder;
        for (PlannedStreet street : streets) {
            writes.set(DISTRICTS, districtId, "streets." + Bson.key(street.streetId().value()),
                    new Document("streetId", street.streetId().value()).append("name", street.name())
                            .append("order", order++));
        }
    }

    public void prospect(ReadModelWrites writes, ProspectRecorded event) {
        street(writes, event.districtId().value(), event.streetId().value())
                .set(STREETS, streetKey(event.districtId().value(), event.streetId().value()),
                        "prospects." + Bson.key(event.prospectId().value()), 1);
    }

    /** Sets the contract's contribution from its current figures. */
    public void contract(ReadModelWrites writes, ContractLedger ledger) {
        ContractLedger.Figures now = ledger.now();
        street(writes, ledger.districtId(), ledger.streetId())
                .set(STREETS, streetKey(ledger.districtId(), ledger.streetId()), "contracts." + Bson.key(ledger.contractId()),
                        new Document("prospectId", ledger.prospectId())
                                .append("units", ledger.units())
                                .append("unitsInstalled", now.unitsInstalled())
                                .append("live", now.live()));
    }

    private static ReadModelWrites street(ReadModelWrites writes, String districtId, String streetId) {
        String id = streetKey(districtId, streetId);
        return writes.onInsert(STREETS, id, "districtId", districtId).onInsert(STREETS, id, "streetId", streetId);
    }
}
