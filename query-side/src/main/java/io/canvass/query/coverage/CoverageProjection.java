package io.canvass.query.coverage;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.platform.Bson;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
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

    private final MongoTemplate mongo;

    public CoverageProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    static String streetKey(String districtId, String streetId) {
        return districtId + "|" + streetId;
    }

    public void plan(String districtId, String city, String name, List<PlannedStreet> streets, int firstOrder) {
        List<org.bson.conversions.Bson> updates = new ArrayList<>();
        if (city != null) {
            updates.add(Updates.set("city", city));
            updates.add(Updates.set("name", name));
        }
        int order = firstOrder;
        for (PlannedStreet street : streets) {
            updates.add(Updates.set("streets." + Bson.key(street.streetId().value()),
                    new Document("streetId", street.streetId().value()).append("name", street.name())
                            .append("order", order++)));
        }
        mongo.getCollection(DISTRICTS).updateOne(Filters.eq("_id", districtId), Updates.combine(updates),
                new UpdateOptions().upsert(true));
    }

    public void prospect(ProspectRecorded event) {
        street(event.districtId().value(), event.streetId().value(),
                Updates.set("prospects." + Bson.key(event.prospectId().value()), 1));
    }

    /** Sets the contract's contribution from its current figures. */
    public void contract(ContractLedger ledger) {
        ContractLedger.Figures now = ledger.now();
        street(ledger.districtId(), ledger.streetId(), Updates.set("contracts." + Bson.key(ledger.contractId()),
                new Document("prospectId", ledger.prospectId())
                        .append("units", ledger.units())
                        .append("unitsInstalled", now.unitsInstalled())
                        .append("live", now.live())));
    }

    private void street(String districtId, String streetId, org.bson.conversions.Bson update) {
        mongo.getCollection(STREETS).updateOne(Filters.eq("_id", streetKey(districtId, streetId)), Updates.combine(
                Updates.setOnInsert("districtId", districtId),
                Updates.setOnInsert("streetId", streetId),
                update), new UpdateOptions().upsert(true));
    }
}
