package io.canvass.query.prospects;

import com.mongodb.client.model.Indexes;
import io.canvass.events.contract.ContractEvent;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.LedgerProjection;
import io.canvass.query.engine.Batch;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.engine.Projector.Delivery;
import io.canvass.query.engine.ReadModel;
import io.canvass.query.engine.Reach;
import io.canvass.events.prospect.ProspectId;
import io.canvass.query.engine.ReadModelWrites;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The prospects a salesperson filed, for the field (the web page's "my prospects") and the
 * manager: one document per prospect with where it is, who filed it and when (field day), and its
 * contracts' units and whether they are live. No personal data: the contact's name and phone stay
 * sealed in the event store (see the auditor's prospect history).
 */
@Component
public class ProspectsProjection implements ReadModel {

    public static final String PROSPECTS = "prospects";

    private final CanvassSettings settings;

    ProspectsProjection(CanvassSettings settings) {
        this.settings = settings;
    }

    @Override
    public List<String> collections() {
        return List.of(PROSPECTS);
    }

    @Override
    public void createIndexes(MongoTemplate mongo) {
        mongo.getCollection(PROSPECTS).createIndex(Indexes.ascending("salespersonId", "recordedOn"));
        mongo.getCollection(PROSPECTS).createIndex(Indexes.ascending("districtId"));
    }

    /** A prospect is placed by its recording: its district, channel, salesperson and day. */
    @Override
    public Reach placed(MongoTemplate generation, String stream) {
        if (!stream.startsWith(ProspectId.STREAM)) {
            return null;
        }
        Document prospect = generation.getCollection(PROSPECTS)
                .find(new Document("_id", stream.substring(ProspectId.STREAM.length()))).first();
        if (prospect == null || prospect.getString("districtId") == null) {
            return null;
        }
        java.time.LocalDate day = java.time.LocalDate.parse(prospect.getString("recordedOn"));
        return Reach.placed(prospect.getString("districtId"), prospect.getString("channel"),
                prospect.getString("salespersonId"), null, day, day);
    }

    @Override
    public void apply(Batch batch, ReadModelWrites writes) {
        for (Delivery delivery : batch.deliveries()) {
            if (delivery.event() instanceof ProspectRecorded prospect) {
                String id = prospect.prospectId().value();
                writes.set(PROSPECTS, id, "channel", prospect.channel().name())
                        .set(PROSPECTS, id, "businessName", prospect.businessName())
                        .set(PROSPECTS, id, "address", prospect.address())
                        .set(PROSPECTS, id, "districtId", prospect.districtId().value())
                        .set(PROSPECTS, id, "streetId", prospect.streetId().value())
                        .set(PROSPECTS, id, "salespersonId", prospect.salespersonId().value())
                        .set(PROSPECTS, id, "recordedOn", settings.localDate(prospect.occurredAt()).toString());
            } else if (delivery.event() instanceof ContractEvent) {
                ContractLedger ledger = LedgerProjection.ledgers(batch).after(delivery);
                writes.set(PROSPECTS, ledger.prospectId(), "contracts." + Bson.key(ledger.contractId()),
                        new Document("units", ledger.units()).append("live", ledger.now().live()));
            }
        }
    }
}
