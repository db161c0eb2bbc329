package io.canvass.query.reconciliation;

import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.Fact;
import io.canvass.query.ledger.LedgerProjection;
import io.canvass.query.engine.Batch;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.engine.ReadModel;
import io.canvass.query.engine.ReadModelWrites;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconciliation totals as of any date without reading every contract. A contract's line as of a
 * date (its figures and flags, {@link ReconciliationLines#asOf}) changes only on the days of its facts
 * and on the days a flag's threshold is crossed; on each such day the contract contributes the
 * change, under its own key, to {@code recon_days} (one document per local day) and to
 * {@code recon_months} (the month's sum of its changes, in one of the month's buckets). Each document keeps {@link #TOTALS}
 * per channel and salesperson, so that the totals as of a date are the month documents before it
 * plus the day documents of its month up to it.
 * <p>
 * Idempotent as the other dashboards: a contract's contributions are worked out from its ledger
 * alone and set (never added); the contributions its earlier versions made to days and months
 * where it no longer changes are removed; and the totals are kept by {@link ReadModelWrites} in
 * the same single-document writes as the contributions.
 */
@Component
public class ReconciliationProjection implements ReadModel {

    public static final String DAYS = "recon_days";
    public static final String MONTHS = "recon_months";
    public static final String TOTALS = "totals";
    static final String REVISION = "rev";
    /**
     * A month's contributions are spread over this many documents by contract ({@code 2026-03#5}),
     * so that none grows with the month's volume: the embedded MongoDB copies and measures a whole
     * document on every update. Month ids sort before their buckets' ids, so "the months before
     * 2026-03" is {@code _id < "2026-03"}.
     */
    static final int MONTH_BUCKETS = 16;

    private final ReconciliationLines lines;
    private final CanvassSettings settings;

    public ReconciliationProjection(ReconciliationLines lines, CanvassSettings settings) {
        this.lines = lines;
        this.settings = settings;
    }

    /** Totals (a line's change, or a sum of changes) as stored in the day and month documents. */
    static Document document(Totals totals) {
        return new Document("contracts", totals.contracts())
                .append("lines", totals.lines())
                .append("contractValue", Bson.money(totals.contractValue()))
                .append("depositRequired", Bson.money(totals.depositRequired()))
                .append("balanceDue", Bson.money(totals.balanceDue()))
                .append("depositCollected", Bson.money(totals.depositCollected()))
                .append("balanceCollected", Bson.money(totals.balanceCollected()))
                .append("refunded", Bson.money(totals.refunded()))
                .append("outstanding", Bson.money(totals.outstanding()))
                .append("flagged", totals.flagged());
    }

    /**
     * A contract's contribution to a day or a month: an array, its group then its totals in the order
     * of {@link #document(Totals)}. Documents repeat their eleven field names in every contribution,
     * and the embedded MongoDB holds each as a string of its own: at a million events the
     * contributions were most of the read models' memory. Contributions stored as documents by
     * earlier versions are still read.
     */
    static List<Object> contribution(Totals change, String group) {
        return List.of(group, change.contracts(), change.lines(), Bson.money(change.contractValue()),
                Bson.money(change.depositRequired()), Bson.money(change.balanceDue()),
                Bson.money(change.depositCollected()), Bson.money(change.balanceCollected()),
                Bson.money(change.refunded()), Bson.money(change.outstanding()), change.flagged());
    }

    /** The totals of a stored contribution (an array, or a document of an earlier version). */
    static Totals contributed(Object stored) {
        if (stored instanceof Document document) {
            return totals(document);
        }
        List<?> values = (List<?>) stored;
        return new Totals(((Number) values.get(1)).intValue(), ((Number) values.get(2)).intValue(),
                Bson.money(values.get(3)), Bson.money(values.get(4)), Bson.money(values.get(5)),
                Bson.money(values.get(6)), Bson.money(values.get(7)), Bson.money(values.get(8)),
                Bson.money(values.get(9)), ((Number) values.get(10)).intValue());
    }

    /** The group of a stored contribution. */
    static String contributor(Object stored) {
        return stored instanceof Document document ? document.getString("group") : (String) ((List<?>) stored).get(0);
    }

    static Totals totals(Document document) {
        return new Totals(Bson.integer(document, "contracts"), Bson.integer(document, "lines"),
                Bson.money(document, "contractValue"), Bson.money(document, "depositRequired"),
                Bson.money(document, "balanceDue"), Bson.money(document, "depositCollected"),
                Bson.money(document, "balanceCollected"), Bson.money(document, "refunded"),
                Bson.money(document, "outstanding"), Bson.integer(document, "flagged"));
    }

    /**
     * Sets the contract's contribution to each day and month its line changes on, and removes the
     * contributions its earlier versions made elsewhere.
     */
    public void contract(ReadModelWrites writes, ContractLedger ledger) {
        String field = "contracts." + Bson.key(ledger.contractId());
        String group = new Group(ledger.channel(), ledger.salespersonId()).key();
        Map<LocalDate, Totals> days = changes(ledger);
        Map<YearMonth, Totals> months = new TreeMap<>();
        days.forEach((day, change) -> months.merge(YearMonth.from(day), change, Totals::plus));
        months.values().removeIf(Totals::none);
        Set<LocalDate> staleDays = new TreeSet<>();
        Set<YearMonth> staleMonths = new TreeSet<>();
        for (int count = 1; count < ledger.facts().size(); count++) {
            for (LocalDate day : changes(ledger.firstFacts(count)).keySet()) {
                if (!days.containsKey(day)) {
                    staleDays.add(day);
                }
                if (!months.containsKey(YearMonth.from(day))) {
                    staleMonths.add(YearMonth.from(day));
                }
            }
        }
        String bucket = "#" + Math.floorMod(ledger.contractId().hashCode(), MONTH_BUCKETS);
        days.forEach((day, change) -> period(writes, DAYS, day.toString()).set(DAYS, day.toString(), field,
                contribution(change, group)));
        months.forEach((month, change) -> period(writes, MONTHS, month + bucket).set(MONTHS, month + bucket, field,
                contribution(change, group)));
        staleDays.forEach(day -> writes.unset(DAYS, day.toString(), field));
        staleMonths.forEach(month -> writes.unset(MONTHS, month + bucket, field));
    }

    private static ReadModelWrites period(ReadModelWrites writes, String collection, String id) {
        return writes.onInsert(collection, id, "period", id);
    }

    /**
     * The days the contract's line changes on, with the change: the days of its facts, and the
     * first day past each threshold after an installation or a deposit (when a flag may rise).
     */
    Map<LocalDate, Totals> changes(ContractLedger ledger) {
        TreeSet<LocalDate> days = new TreeSet<>();
        CanvassSettings.Flags flags = settings.flags();
        for (Fact fact : ledger.facts()) {
            LocalDate day = settings.localDate(fact.occurredAt());
            days.add(day);
            if (fact.kind() == Fact.Kind.INSTALLATION) {
                days.add(day.plusDays(flags.balanceOverdueDays() + 1L));
            } else if (fact.kind() == Fact.Kind.DEPOSIT) {
                days.add(day.plusDays(flags.depositIdleDays() + 1L));
            }
        }
        Map<LocalDate, Totals> changes = new LinkedHashMap<>();
        Totals before = Totals.NONE;
        for (LocalDate day : days) {
            Totals line = lines.asOf(ledger, day).map(Totals::of).orElse(Totals.NONE);
            Totals change = line.minus(before);
            if (!change.none()) {
                changes.put(day, change);
            }
            before = line;
        }
        return changes;
    }

    /**
     * The totals of a day or month document, per group, kept in the same write as the contributions
     * they sum; {@code rev} counts the document's writes, so that a write is made only on the
     * totals it read.
     */
    public static final ReadModelWrites.Summary PERIOD_TOTALS = new ReadModelWrites.Summary() {

        @Override
        public Set<String> reads(Map<String, Object> set, Set<String> unset) {
            Set<String> reads = new TreeSet<>(set.keySet());
            reads.addAll(unset);
            reads.remove("period");
            reads.add(TOTALS);
            return reads;
        }

        @Override
        public Set<String> guards(Map<String, Object> set, Set<String> unset) {
            return Set.of(REVISION);
        }

        @Override
        public List<String> deletedWhenEmpty() {
            return List.of("contracts");
        }

        @Override
        public boolean derive(Document stored, Map<String, Object> set, Set<String> unset) {
            Map<String, Totals> totals = new TreeMap<>();
            Bson.sub(stored, TOTALS).forEach((group, value) -> totals.put(group, totals((Document) value)));
            boolean changed = false;
            List<String> touched = new ArrayList<>(set.keySet());
            touched.addAll(unset);
            for (String path : touched) {
                Object before = Bson.at(stored, path);
                Object after = set.get(path);
                if (Objects.equals(before, after)) {
                    continue;
                }
                changed = true;
                if (before != null) {
                    totals.merge(contributor(before), contributed(before).negated(), Totals::plus);
                }
                if (after != null) {
                    totals.merge(contributor(after), contributed(after), Totals::plus);
                }
            }
            if (!changed) {
                return false;
            }
            Document sums = new Document();
            totals.forEach((group, change) -> {
                if (!change.none()) {
                    sums.append(group, document(change));
                }
            });
            set.put(TOTALS, sums);
            // a document made anew starts from a random revision, so that no reader mistakes it for an
            // earlier document of the same id (Reconciliation remembers month totals by revision)
            Object revision = stored.get(REVISION);
            set.put(REVISION, revision == null ? ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2)
                    : ((Number) revision).longValue() + 1);
            return true;
        }
    };

    @Override
    public List<String> collections() {
        return List.of(DAYS, MONTHS);
    }

    @Override
    public Map<String, ReadModelWrites.Summary> summaries() {
        return Map.of(DAYS, PERIOD_TOTALS, MONTHS, PERIOD_TOTALS);
    }

    /**
     * A contract's contributions depend on its whole ledger: worked out once per batch, also for
     * a redelivered event that changed nothing (the writes after the ledger may be missing).
     */
    @Override
    public void apply(Batch batch, ReadModelWrites writes) {
        LedgerProjection.ledgers(batch).all().forEach(ledger -> contract(writes, ledger));
    }
}
