package io.canvass.query.coverage;

import com.mongodb.client.model.Indexes;
import io.canvass.events.contract.ContractEvent;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetsAdded;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.LedgerProjection;
import io.canvass.query.engine.Batch;
import io.canvass.query.platform.Bson;
import io.canvass.query.engine.Projector.Delivery;
import io.canvass.query.engine.ReadModel;
import io.canvass.query.engine.ReadModelWrites;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coverage in two collections: {@code coverage_districts}, one small document per district with
 * its plan (name, city, streets), and {@code coverage_streets}, a few documents per street, keyed
 * {@code districtId|streetId#bucket}, holding the contribution of each prospect and contract filed on it
 * and the street's {@link #STREET_TOTALS totals}, so that a dashboard reads the totals only.
 * Every write sets a contribution under the source's own key (never a bare increment), so
 * delivering an event twice changes nothing and events may arrive in any order across aggregates;
 * and each write touches one street's document, which stays small however large the district grows.
 */
@Component
public class CoverageProjection implements ReadModel {

    public static final String DISTRICTS = "coverage_districts";
    public static final String STREETS = "coverage_streets";
    public static final String TOTALS = "totals";
    static final List<String> TOTAL_FIELDS = List.of("prospects", "contracts", "unitsSigned", "unitsInstalled", "converted");

    /**
     * A street's totals: prospects; live contracts and their units; units installed (of every
     * contract, as installed goods stay); and converted prospects, those with a live contract,
     * each counted once (a prospect's contracts are all filed on its street). {@code converted.<p>}
     * holds how many live contracts prospect p has, so that a second contract or a cancellation
     * moves the count of converted prospects only when that number crosses zero.
     */
    public static final ReadModelWrites.Summary STREET_TOTALS = new ReadModelWrites.Summary() {

        @Override
        public Set<String> reads(Map<String, Object> set, Set<String> unset) {
            Set<String> reads = new LinkedHashSet<>();
            for (String path : touched(set, unset)) {
                if (path.startsWith("prospects.") || path.startsWith("contracts.")) {
                    reads.add(path);
                }
            }
            return reads;
        }

        @Override
        public Set<String> guards(Map<String, Object> set, Set<String> unset) {
            Set<String> guards = new LinkedHashSet<>();
            TOTAL_FIELDS.forEach(field -> guards.add(TOTALS + "." + field));
            for (String path : touched(set, unset)) {
                if (path.startsWith("contracts.") && set.get(path) instanceof Document contract) {
                    guards.add(convertedPath(contract));
                }
            }
            return guards;
        }

        @Override
        public boolean derive(Document stored, Map<String, Object> set, Set<String> unset) {
            Document totals = Bson.sub(stored, TOTALS);
            int[] sums = TOTAL_FIELDS.stream().mapToInt(field -> Bson.integer(totals, field)).toArray();
            Map<String, Integer> converted = new LinkedHashMap<>();
            for (String path : touched(set, unset)) {
                if (path.startsWith("prospects.")) {
                    sums[0] += (set.containsKey(path) ? 1 : 0) - (Bson.at(stored, path) != null ? 1 : 0);
                } else if (path.startsWith("contracts.")) {
                    Document before = (Document) Bson.at(stored, path);
                    Document after = (Document) set.get(path);
                    int liveChange = live(after) - live(before);
                    sums[1] += liveChange;
                    sums[2] += liveUnits(after) - liveUnits(before);
                    sums[3] += installed(after) - installed(before);
                    String counter = convertedPath(after != null ? after : before);
                    converted.merge(counter, liveChange, Integer::sum);
                }
            }
            converted.forEach((counter, change) -> {
                int before = count(Bson.at(stored, counter));
                int after = before + change;
                sums[4] += (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
                set.put(counter, after); // kept at 0 rather than removed, so any batching leaves the same document
            });
            Document newTotals = new Document();
            for (int i = 0; i < sums.length; i++) {
                newTotals.append(TOTAL_FIELDS.get(i), sums[i]);
            }
            set.put(TOTALS, newTotals);
            return true;
        }

        private static List<String> touched(Map<String, Object> set, Set<String> unset) {
            List<String> touched = new ArrayList<>(set.keySet());
            touched.addAll(unset);
            return touched;
        }

        private static String convertedPath(Document contract) {
            return "converted." + Bson.key(contract.getString("prospectId"));
        }

        private static int live(Document contract) {
            return contract != null && Boolean.TRUE.equals(contract.getBoolean("live")) ? 1 : 0;
        }

        private static int liveUnits(Document contract) {
            return live(contract) == 1 ? Bson.integer(contract, "units") : 0;
        }

        private static int installed(Document contract) {
            return contract == null ? 0 : Bson.integer(contract, "unitsInstalled");
        }

        private static int count(Object value) {
            return value == null ? 0 : ((Number) value).intValue();
        }
    };

    /**
     * A street's contributions are spread over {@value #BUCKETS} documents by prospect, so that no
     * document grows with the store (the embedded MongoDB copies and measures a whole document on
     * every update, and MongoDB caps a document at 16 MB); a prospect and its contracts share one,
     * which keeps the count of converted prospects exact.
     */
    public static final int BUCKETS = 8;

    static String streetKey(String districtId, String streetId, String prospectId) {
        return districtId + "|" + streetId + "#" + Math.floorMod(prospectId.hashCode(), BUCKETS);
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
        String id = street(writes, event.districtId().value(), event.streetId().value(), event.prospectId().value());
        writes.set(STREETS, id, "prospects." + Bson.key(event.prospectId().value()), 1);
    }

    /** Sets the contract's contribution from its current figures. */
    public void contract(ReadModelWrites writes, ContractLedger ledger) {
        ContractLedger.Figures now = ledger.now();
        String id = street(writes, ledger.districtId(), ledger.streetId(), ledger.prospectId());
        writes.set(STREETS, id, "contracts." + Bson.key(ledger.contractId()), new Document("prospectId", ledger.prospectId())
                .append("units", ledger.units())
                .append("unitsInstalled", now.unitsInstalled())
                .append("live", now.live()));
    }

    private static String street(ReadModelWrites writes, String districtId, String streetId, String prospectId) {
        String id = streetKey(districtId, streetId, prospectId);
        writes.onInsert(STREETS, id, "districtId", districtId).onInsert(STREETS, id, "streetId", streetId);
        return id;
    }

    @Override
    public List<String> collections() {
        return List.of(DISTRICTS, STREETS);
    }

    @Override
    public Map<String, ReadModelWrites.Summary> summaries() {
        return Map.of(STREETS, STREET_TOTALS);
    }

    /** Coverage reads a page of districts' street documents by district. */
    @Override
    public void createIndexes(MongoTemplate mongo) {
        mongo.getCollection(STREETS).createIndex(Indexes.ascending("districtId"));
    }

    @Override
    public void apply(Batch batch, ReadModelWrites writes) {
        for (Delivery delivery : batch.deliveries()) {
            Object event = delivery.event();
            if (event instanceof DistrictPlanned planned) {
                plan(writes, planned.districtId().value(), planned.city(), planned.name(), planned.streets(), 0);
            } else if (event instanceof StreetsAdded added) {
                // streets added later sort after the plan's, in the order they were added
                plan(writes, added.districtId().value(), null, null, added.streets(), (int) delivery.sequence() * 10_000);
            } else if (event instanceof ProspectRecorded prospect) {
                prospect(writes, prospect);
            } else if (event instanceof ContractEvent) {
                contract(writes, LedgerProjection.ledgers(batch).after(delivery));
            }
        }
    }
}
