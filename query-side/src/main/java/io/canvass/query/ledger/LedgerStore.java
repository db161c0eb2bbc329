package io.canvass.query.ledger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.UpdateOptions;
import io.canvass.events.Channel;
import io.canvass.events.contract.ContractKind;
import io.canvass.query.platform.Bson;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code contracts} collection: one document per contract, keyed by its id, holding its
 * {@link ContractLedger}. Writes are guarded by the aggregate's sequence number, so a redelivered
 * event finds its fact already there and changes nothing.
 */
@Component
public class LedgerStore {

    public static final String COLLECTION = "contracts";

    private final MongoTemplate mongo;

    public LedgerStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    private MongoCollection<Document> contracts() {
        return mongo.getCollection(COLLECTION);
    }

    public Optional<ContractLedger> find(String contractId) {
        return Optional.ofNullable(contracts().find(Filters.eq("_id", contractId)).first()).map(LedgerStore::fromDocument);
    }

    /** The stored ledgers of these contracts, by id (one request). */
    public Map<String, ContractLedger> findAll(Collection<String> contractIds) {
        Map<String, ContractLedger> found = new HashMap<>();
        if (!contractIds.isEmpty()) {
            Bson.findByIds(contracts(), contractIds, null, document -> found.put(document.getString("_id"), fromDocument(document)));
        }
        return found;
    }

    /**
     * Stores the ledgers a batch changed, in one request. A new ledger is inserted only if none is
     * there yet; a newer version replaces the stored one only if that is older, so a batch handled
     * twice (a crash before its token was stored) leaves the newest version in place.
     */
    public void store(Map<String, ContractLedger> before, Collection<ContractLedger> after) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (ContractLedger ledger : after) {
            ContractLedger stored = before.get(ledger.contractId());
            if (stored == null) {
                writes.add(new UpdateOneModel<>(Filters.eq("_id", ledger.contractId()),
                        Updates.setOnInsert(toDocument(ledger)), new UpdateOptions().upsert(true)));
            } else if (ledger.lastSequence() > stored.lastSequence()) {
                writes.add(new ReplaceOneModel<>(Filters.and(Filters.eq("_id", ledger.contractId()),
                        Filters.lt("lastSequence", ledger.lastSequence())), toDocument(ledger)));
            }
        }
        if (!writes.isEmpty()) {
            contracts().bulkWrite(writes);
        }
    }

    /** Every contract, in id order; {@code filter} narrows by channel or salesperson. */
    public List<ContractLedger> all(org.bson.conversions.Bson filter) {
        List<ContractLedger> ledgers = new ArrayList<>();
        contracts().find(filter).sort(new Document("_id", 1)).forEach(document -> ledgers.add(fromDocument(document)));
        return ledgers;
    }

    static Document toDocument(ContractLedger ledger) {
        List<Document> facts = new ArrayList<>();
        for (Fact fact : ledger.facts()) {
            Document document = new Document("sequence", fact.sequence())
                    .append("position", fact.position())
                    .append("kind", fact.kind().name())
                    .append("occurredAt", Bson.date(fact.occurredAt()))
                    .append("recordedAt", Bson.date(fact.recordedAt()));
            if (fact.ref() != null) {
                document.append("ref", fact.ref());
            }
            if (fact.paymentRef() != null) {
                document.append("paymentRef", fact.paymentRef());
            }
            if (fact.amount() != null) {
                document.append("amount", Bson.money(fact.amount()));
            }
            if (fact.units() != null) {
                document.append("units", fact.units());
            }
            facts.add(document);
        }
        Document document = new Document("_id", ledger.contractId())
                .append("prospectId", ledger.prospectId())
                .append("channel", ledger.channel().name())
                .append("districtId", ledger.districtId())
                .append("streetId", ledger.streetId())
                .append("salespersonId", ledger.salespersonId())
                .append("kind", ledger.kind().name())
                .append("units", ledger.units())
                .append("unitPrice", Bson.money(ledger.unitPrice()))
                .append("depositRequired", Bson.money(ledger.depositRequired()))
                .append("lastSequence", ledger.lastSequence())
                .append("facts", facts);
        if (ledger.campaignId() != null) {
            document.append("campaignId", ledger.campaignId());
        }
        return document;
    }

    /** Every contract signed for a campaign, in id order. */
    public List<ContractLedger> ofCampaign(String campaignId) {
        return all(Filters.eq("campaignId", campaignId));
    }

    static ContractLedger fromDocument(Document document) {
        List<Fact> facts = new ArrayList<>();
        for (Document fact : document.getList("facts", Document.class)) {
            facts.add(new Fact(fact.get("sequence", Number.class).longValue(), fact.get("position", Number.class).longValue(),
                    Fact.Kind.valueOf(fact.getString("kind")), Bson.instant(fact.get("occurredAt")),
                    Bson.instant(fact.get("recordedAt")), fact.getString("ref"), fact.getString("paymentRef"),
                    fact.get("amount") == null ? null : Bson.money(fact.get("amount")),
                    fact.get("units") == null ? null : ((Number) fact.get("units")).intValue()));
        }
        return new ContractLedger(document.getString("_id"), document.getString("prospectId"),
                Channel.valueOf(document.getString("channel")), document.getString("districtId"),
                document.getString("streetId"), document.getString("salespersonId"), document.getString("campaignId"),
                ContractKind.valueOf(document.getString("kind")), Bson.integer(document, "units"),
                Bson.money(document, "unitPrice"), Bson.money(document, "depositRequired"),
                document.get("lastSequence", Number.class).longValue(), facts);
    }
}
