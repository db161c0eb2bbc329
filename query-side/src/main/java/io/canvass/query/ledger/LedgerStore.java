package io.canvass.query.ledger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
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

    /** The stored ledgers of these contracts, by id. */
    public Map<String, ContractLedger> findAll(Collection<String> contractIds) {
        return findAll(mongo, contractIds);
    }

    /** The stored ledgers of these contracts in a generation of the read models, by id. */
    public Map<String, ContractLedger> findAll(MongoTemplate generation, Collection<String> contractIds) {
        Map<String, ContractLedger> found = new HashMap<>();
        if (!contractIds.isEmpty()) {
            Bson.findByIds(generation.getCollection(COLLECTION), contractIds, null, document -> found.put(document.getString("_id"), fromDocument(document)));
        }
        return found;
    }

    /**
     * Stores the ledgers a batch changed, in one request. A new ledger is inserted only if none is
     * there yet; a newer version replaces the stored one only if that is older, so a batch handled
     * twice (a crash before its token was stored) leaves the newest version in place. The sole writer
     * of a generation being built needs no guards: what it read is what is stored, and a filter on
     * {@code _id} alone is the one the embedded MongoDB answers from its index (any other field in
     * the filter makes it scan the collection).
     */
    public void store(MongoTemplate generation, Map<String, ContractLedger> before, Collection<ContractLedger> after,
                      boolean soleWriter) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (ContractLedger ledger : after) {
            ContractLedger stored = before.get(ledger.contractId());
            if (soleWriter) {
                if (stored == null) {
                    writes.add(new InsertOneModel<>(toDocument(ledger)));
                } else if (ledger.lastSequence() > stored.lastSequence()) {
                    writes.add(new ReplaceOneModel<>(Filters.eq("_id", ledger.contractId()), toDocument(ledger)));
                }
            } else if (stored == null) {
                writes.add(new UpdateOneModel<>(Filters.eq("_id", ledger.contractId()),
                        Updates.setOnInsert(toDocument(ledger)), new UpdateOptions().upsert(true)));
            } else if (ledger.lastSequence() > stored.lastSequence()) {
                writes.add(new ReplaceOneModel<>(Filters.and(Filters.eq("_id", ledger.contractId()),
                        Filters.lt("lastSequence", ledger.lastSequence())), toDocument(ledger)));
            }
        }
        if (!writes.isEmpty()) {
            generation.getCollection(COLLECTION).bulkWrite(writes);
        }
    }

    /** Every contract, in id order; {@code filter} narrows by channel or salesperson. */
    public List<ContractLedger> all(org.bson.conversions.Bson filter) {
        List<ContractLedger> ledgers = new ArrayList<>();
        contracts().find(filter).sort(new Document("_id", 1)).forEach(document -> ledgers.add(fromDocument(document)));
        return ledgers;
    }

    /**
     * The order of a fact's values in its stored array. A fact is an array, not a document: a million
     * facts as documents were most of the embedded MongoDB's heap (each a map with its own copy of
     * every field name, measured: 9 of the 15 million map entries at a million events).
     */
    static final List<String> FACT_FIELDS = List.of("sequence", "position", "kind", "occurredAt", "recordedAt", "ref",
            "paymentRef", "amount", "units");

    static Document toDocument(ContractLedger ledger) {
        List<List<Object>> facts = new ArrayList<>();
        for (Fact fact : ledger.facts()) {
            facts.add(java.util.Arrays.asList(fact.sequence(), fact.position(), fact.kind().name(),
                    Bson.date(fact.occurredAt()), Bson.date(fact.recordedAt()), fact.ref(), fact.paymentRef(),
                    fact.amount() == null ? null : Bson.money(fact.amount()), fact.units()));
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
        for (Object stored : document.getList("facts", Object.class)) {
            facts.add(stored instanceof List<?> values ? fact(values) : fact((Document) stored));
        }
        return new ContractLedger(document.getString("_id"), document.getString("prospectId"),
                Channel.valueOf(document.getString("channel")), document.getString("districtId"),
                document.getString("streetId"), document.getString("salespersonId"), document.getString("campaignId"),
                ContractKind.valueOf(document.getString("kind")), Bson.integer(document, "units"),
                Bson.money(document, "unitPrice"), Bson.money(document, "depositRequired"),
                document.get("lastSequence", Number.class).longValue(), facts);
    }

    private static Fact fact(List<?> values) {
        return new Fact(((Number) values.get(0)).longValue(), ((Number) values.get(1)).longValue(),
                Fact.Kind.valueOf((String) values.get(2)), Bson.instant(values.get(3)), Bson.instant(values.get(4)),
                (String) values.get(5), (String) values.get(6), values.get(7) == null ? null : Bson.money(values.get(7)),
                values.get(8) == null ? null : ((Number) values.get(8)).intValue());
    }

    /** A fact as versions before 2026-11-30 stored it, a document (a store they left is read as it is). */
    private static Fact fact(Document fact) {
        return fact(FACT_FIELDS.stream().map(fact::get).toList());
    }
}
