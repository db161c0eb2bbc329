package io.canvass.query.quota;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.CanvassSettings;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.LocalDate;

/**
 * The {@code quota_days} collection: one document per salesperson and local day, keyed
 * {@code salespersonId|yyyy-MM-dd}, holding each live contract signed that day under its own key.
 * A cancellation removes the contract from the day it was signed. {@code salespeople} lists
 * everyone who has filed work, so that a day without signings shows as 0.
 */
@Component
public class QuotaProjection {

    public static final String DAYS = "quota_days";
    public static final String SALESPEOPLE = "salespeople";

    private final MongoTemplate mongo;
    private final CanvassSettings settings;

    public QuotaProjection(MongoTemplate mongo, CanvassSettings settings) {
        this.mongo = mongo;
        this.settings = settings;
    }

    static String dayId(String salespersonId, LocalDate date) {
        return salespersonId + "|" + date;
    }

    public void salesperson(String salespersonId) {
        mongo.getCollection(SALESPEOPLE).updateOne(Filters.eq("_id", salespersonId),
                Updates.setOnInsert("salespersonId", salespersonId), new UpdateOptions().upsert(true));
    }

    public void contract(ContractLedger ledger) {
        salesperson(ledger.salespersonId());
        LocalDate signedOn = settings.localDate(ledger.signing().occurredAt());
        String field = "contracts." + Bson.key(ledger.contractId());
        var update = ledger.now().live()
                ? Updates.set(field, new Document("units", ledger.units()).append("channel", ledger.channel().name()))
                : Updates.unset(field);
        days().updateOne(Filters.eq("_id", dayId(ledger.salespersonId(), signedOn)), Updates.combine(
                Updates.setOnInsert("salespersonId", ledger.salespersonId()),
                Updates.setOnInsert("date", signedOn.toString()),
                update), new UpdateOptions().upsert(true));
    }

    private MongoCollection<Document> days() {
        return mongo.getCollection(DAYS);
    }
}
