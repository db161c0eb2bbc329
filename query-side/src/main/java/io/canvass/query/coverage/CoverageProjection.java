package io.canvass.query.coverage;

import com.mongodb.client.MongoCollection;
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
 * The {@code coverage} collection: one document per district, keyed by its id, holding its planned
 * streets and the contribution of each prospect and contract filed on it. Every write sets a
 * contribution under the source's own key (never a bare increment), so delivering an event twice
 * changes nothing, and events may arrive in any order across aggregates.
 */
@Component
public class CoverageProjection {

    public static final String COLLECTION = "coverage";

    private final MongoTemplate mongo;

    public CoverageProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    private MongoCollection<Document> coverage() {
        return mongo.getCollection(COLLECTION);
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
        upsert(districtId, updates);
    }

    public void prospect(ProspectRecorded event) {
        upsert(event.districtId().value(), List.of(Updates.set("prospects." + Bson.key(event.prospectId().value()),
                new Document("streetId", event.streetId().value()))));
    }

    /** Sets the contract's contribution from its current figures. */
    public void contract(ContractLedger ledger) {
        ContractLedger.Figures now = ledger.now();
        upsert(ledger.districtId(), List.of(Updates.set("contracts." + Bson.key(ledger.contractId()),
                new Document("streetId", ledger.streetId())
                        .append("prospectId", ledger.prospectId())
                        .append("units", ledger.units())
                        .append("unitsInstalled", now.unitsInstalled())
                        .append("live", now.live()))));
    }

    private void upsert(String districtId, List<org.bson.conversions.Bson> updates) {
        coverage().updateOne(Filters.eq("_id", districtId), Updates.combine(updates), new UpdateOptions().upsert(true));
    }
}
