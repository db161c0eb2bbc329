package io.canvass.query.ledger;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import io.canvass.events.Channel;
import io.canvass.events.contract.ContractKind;
import io.canvass.query.platform.Bson;
import io.canvass.query.engine.ReadModelLimits;
import io.canvass.query.engine.ReadModelWriteConflict;
import io.canvass.query.engine.ReadModelWrites;
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
    private final ReadModelLimits limits;

    public LedgerStore(MongoTemplate mongo, ReadModelLimits limits) {
        this.mongo = mongo;
        this.limits = limits;
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
     * twice (a crash before its token was stored) leaves the newest version in place. A write that
     * finds a newer or equal version stored, written since this batch read it, means another
     * instance owns the contract's segment now (this one held it past its claim): the batch stops
     * with a {@link ReadModelWriteConflict} before any dashboard write, and the owner applies it.
     * The sole writer of a generation being built needs no guards: what it read is what is stored,
     * and a filter on {@code _id} alone is the one the embedded MongoDB answers from its index (any
     * other field in the filter makes it scan the collection).
     */
    public void store(MongoTemplate generation, Map<String, ContractLedger> before, Collection<ContractLedger> after,
                      boolean soleWriter) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        List<String> written = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (ContractLedger ledger : after) {
            ContractLedger stored = before.get(ledger.contractId());
            if (stored != null && ledger.lastSequence() <= stored.lastSequence()) {
                continue;
            }
            Document document = toDocument(ledger);
            long bytes = ReadModelWrites.size(document);
            limits.check(LedgerProjection.class.getSimpleName(), COLLECTION, ledger.contractId(), bytes);
            if (stored == null) {
                writes.add(new InsertOneModel<>(document));
            } else {
                writes.add(new ReplaceOneModel<>(soleWriter ? Filters.eq("_id", ledger.contractId())
                        : Filters.and(Filters.eq("_id", ledger.contractId()),
                        Filters.lt("lastSequence", ledger.lastSequence())), document));
            }
            written.add(ledger.contractId());
            sizes.add(bytes);
        }
        if (writes.isEmpty()) {
            return;
        }
        MongoCollection<Document> contracts = generation.getCollection(COLLECTION);
        BulkWriteResult result;
        try {
            result = contracts.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException failed) {
            if (failed.getWriteConcernError() == null && failed.getWriteErrors().stream()
                    .allMatch(error -> error.getCode() == DUPLICATE_KEY)) {
                throw lost(generation, after, failed.getWriteErrors().stream().map(e -> written.get(e.getIndex())).toList());
            }
            throw failed;
        }
        if (result.getInsertedCount() + result.getMatchedCount() < writes.size()) {
            throw lost(generation, after, written);
        }
        sizes.forEach(bytes -> limits.written(COLLECTION, bytes));
    }

    private static final int DUPLICATE_KEY = 11000;

    /** The ledgers of the batch that another writer has stored at this or a later version since they were read. */
    private ReadModelWriteConflict lost(MongoTemplate generation, Collection<ContractLedger> after, List<String> suspects) {
        Map<String, ContractLedger> now = findAll(generation, suspects);
        List<String> newer = after.stream().filter(ledger -> suspects.contains(ledger.contractId()))
                .filter(ledger -> now.containsKey(ledger.contractId())
                        && now.get(ledger.contractId()).lastSequence() >= ledger.lastSequence())
                .map(ledger -> ledger.contractId() + " (stored at " + now.get(ledger.contractId()).lastSequence()
                        + ", this batch at " + ledger.lastSequence() + ")").toList();
        return new ReadModelWriteConflict("another instance has stored newer ledgers of " + newer
                + ": it owns their segment now, this batch is left to it");
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
