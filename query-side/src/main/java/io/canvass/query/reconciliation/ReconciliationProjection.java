package io.canvass.query.reconciliation;

import io.canvass.events.Money;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.Fact;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.platform.ReadModelWrites;
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
 * date (its figures and flags, {@link Reconciliation#line}) changes only on the days of its facts
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
public class ReconciliationProjection {

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

    private final Reconciliation reconciliation;
    private final CanvassSettings settings;

    public ReconciliationProjection(Reconciliation reconciliation, CanvassSettings settings) {
        this.reconciliation = reconciliation;
        this.settings = settings;
    }

    /** A change of a contract's line, or the sum of such changes. */
    record Change(int contracts, Money contractValue, Money depositRequired, Money depositCollected,
                  Money balanceCollected, Money refunded, Money outstanding, int flagged) {

        static final Change NONE = new Change(0, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, 0);

        static Change of(Reconciliation.Line line) {
            return new Change(1, line.contractValue(), line.depositRequired(), line.depositCollected(),
                    line.balanceCollected(), line.refunded(), line.outstanding(), line.flags().isEmpty() ? 0 : 1);
        }

        Change plus(Change other) {
            return new Change(contracts + other.contracts, contractValue.plus(other.contractValue),
                    depositRequired.plus(other.depositRequired), depositCollected.plus(other.depositCollected),
                    balanceCollected.plus(other.balanceCollected), refunded.plus(other.refunded),
                    outstanding.plus(other.outstanding), flagged + other.flagged);
        }

        Change negated() {
            return NONE.minus(this);
        }

        Change minus(Change other) {
            return new Change(contracts - other.contracts, contractValue.minus(other.contractValue),
                    depositRequired.minus(other.depositRequired), depositCollected.minus(other.depositCollected),
                    balanceCollected.minus(other.balanceCollected), refunded.minus(other.refunded),
                    outstanding.minus(other.outstanding), flagged - other.flagged);
        }

        boolean none() {
            return equals(NONE);
        }

        Reconciliation.Totals totals() {
            return new Reconciliation.Totals(contracts, contractValue, depositRequired, depositCollected,
                    balanceCollected, refunded, depositCollected.plus(balanceCollected).minus(refunded), outstanding,
                    flagged);
        }

        Document toDocument() {
            return new Document("contracts", contracts)
                    .append("contractValue", Bson.money(contractValue))
                    .append("depositRequired", Bson.money(depositRequired))
                    .append("depositCollected", Bson.money(depositCollected))
                    .append("balanceCollected", Bson.money(balanceCollected))
                    .append("refunded", Bson.money(refunded))
                    .append("outstanding", Bson.money(outstanding))
                    .append("flagged", flagged);
        }

        static Change of(Document document) {
            return new Change(Bson.integer(document, "contracts"), Bson.money(document, "contractValue"),
                    Bson.money(document, "depositRequired"), Bson.money(document, "depositCollected"),
                    Bson.money(document, "balanceCollected"), Bson.money(document, "refunded"),
                    Bson.money(document, "outstanding"), Bson.integer(document, "flagged"));
        }
    }

    /** The group a contract's totals are kept under: its channel and salesperson. */
    static String group(ContractLedger ledger) {
        return ledger.channel().name() + "|" + Bson.key(ledger.salespersonId());
    }

    /**
     * Sets the contract's contribution to each day and month its line changes on, and removes the
     * contributions its earlier versions made elsewhere.
     */
    public void contract(ReadModelWrites writes, ContractLedger ledger) {
        String field = "contracts." + Bson.key(ledger.contractId());
        String group = group(ledger);
        Map<LocalDate, Change> days = changes(ledger);
        Map<YearMonth, Change> months = new TreeMap<>();
        days.forEach((day, change) -> months.merge(YearMonth.from(day), change, Change::plus));
        months.values().removeIf(Change::none);
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
                change.toDocument().append("group", group)));
        months.forEach((month, change) -> period(writes, MONTHS, month + bucket).set(MONTHS, month + bucket, field,
                change.toDocument().append("group", group)));
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
    Map<LocalDate, Change> changes(ContractLedger ledger) {
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
        Map<LocalDate, Change> changes = new LinkedHashMap<>();
        Change before = Change.NONE;
        for (LocalDate day : days) {
            Change line = reconciliation.line(ledger, day).map(Change::of).orElse(Change.NONE);
            Change change = line.minus(before);
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
            Map<String, Change> totals = new TreeMap<>();
            Bson.sub(stored, TOTALS).forEach((group, value) -> totals.put(group, Change.of((Document) value)));
            boolean changed = false;
            List<String> touched = new ArrayList<>(set.keySet());
            touched.addAll(unset);
            for (String path : touched) {
                Document before = (Document) Bson.at(stored, path);
                Document after = (Document) set.get(path);
                if (Objects.equals(before, after)) {
                    continue;
                }
                changed = true;
                if (before != null) {
                    totals.merge(before.getString("group"), Change.of(before).negated(), Change::plus);
                }
                if (after != null) {
                    totals.merge(after.getString("group"), Change.of(after), Change::plus);
                }
            }
            if (!changed) {
                return false;
            }
            Document sums = new Document();
            totals.forEach((group, change) -> {
                if (!change.none()) {
                    sums.append(group, change.toDocument());
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
}
