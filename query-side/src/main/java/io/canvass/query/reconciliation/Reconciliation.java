package io.canvass.query.reconciliation;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.contract.ContractStatus;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.LedgerStore;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.CanvassSettings;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Deposit and balance reconciliation as of the end of a local day: only what happened in the field
 * up to then counts (a payment made after the date does not), with the anomalies finance looks for.
 */
@Component
public class Reconciliation {

    /** Installed units with money outstanding, longer than the threshold after the first installation. */
    public static final String BALANCE_OVERDUE = "BALANCE_OVERDUE";
    /** A deposit held, nothing installed, longer than the threshold after the first deposit. */
    public static final String DEPOSIT_IDLE = "DEPOSIT_IDLE";
    /** More collected than the contract is worth (the rules prevent it; finance still wants to see it). */
    public static final String OVER_COLLECTED = "OVER_COLLECTED";
    /** A cancelled contract still holding money (collected beyond what was refunded). */
    public static final String MONEY_ON_CANCELLED = "MONEY_ON_CANCELLED";

    private final LedgerStore ledgers;
    private final CanvassSettings settings;
    private final MongoTemplate mongo;

    public Reconciliation(LedgerStore ledgers, CanvassSettings settings, MongoTemplate mongo) {
        this.ledgers = ledgers;
        this.settings = settings;
        this.mongo = mongo;
    }

    /** A page of the report: the totals (of every contract the filters select) and a page of lines. */
    public record PageOf(LocalDate asOf, List<Line> lines, long totalLines, Totals totals, Map<String, Totals> byChannel,
                         Map<String, Totals> bySalesperson) {
    }

    /**
     * The report's totals from {@link ReconciliationProjection}'s period documents (the months
     * before the date's month, then its days up to the date), and one page of lines from the
     * ledgers of the contracts signed by then, in id order. Agrees with {@link #asOf} (tested).
     */
    public PageOf page(LocalDate date, Channel channel, String salespersonId, int page, int size) {
        Map<String, ReconciliationProjection.Change> groups = new TreeMap<>();
        YearMonth month = YearMonth.from(date);
        monthsBefore(month).values().forEach(sums -> sums.forEach((group, change) ->
                groups.merge(group, change, ReconciliationProjection.Change::plus)));
        List<String> days = month.atDay(1).datesUntil(date.plusDays(1)).map(LocalDate::toString).toList();
        Bson.findByIds(mongo.getCollection(ReconciliationProjection.DAYS), days,
                Projections.include(ReconciliationProjection.TOTALS), document -> add(groups, document));
        ReconciliationProjection.Change all = ReconciliationProjection.Change.NONE;
        Map<String, ReconciliationProjection.Change> byChannel = new TreeMap<>();
        Map<String, ReconciliationProjection.Change> bySalesperson = new TreeMap<>();
        for (Map.Entry<String, ReconciliationProjection.Change> group : groups.entrySet()) {
            String[] key = group.getKey().split("\\|", 2);
            String groupChannel = key[0];
            String groupSalesperson = Bson.unkey(key[1]);
            ReconciliationProjection.Change change = group.getValue();
            if (change.contracts() == 0 || (channel != null && !channel.name().equals(groupChannel))
                    || (salespersonId != null && !salespersonId.equals(groupSalesperson))) {
                continue;
            }
            all = all.plus(change);
            byChannel.merge(groupChannel, change, ReconciliationProjection.Change::plus);
            bySalesperson.merge(groupSalesperson, change, ReconciliationProjection.Change::plus);
        }
        List<String> ids = pageIds(date, channel, salespersonId, (long) page * size, size);
        Map<String, ContractLedger> found = ledgers.findAll(ids);
        List<Line> lines = new ArrayList<>();
        for (String id : ids) {
            lines.add(line(found.get(id), date, settings.endOf(date)));
        }
        return new PageOf(date, lines, all.contracts(), all.totals(), totals(byChannel), totals(bySalesperson));
    }

    /**
     * The ids of one page of the contracts signed by the date that the filters select, in the order
     * signed (field day, then id). A contract's change on its signing day is the one that counts
     * it ({@code contracts: 1}), so the day documents list each day's signings, and their totals
     * count them: days wholly before the page are skipped by their totals, and only the days the
     * page falls on are read whole. The cost grows with the page's offset, not with the store.
     */
    private List<String> pageIds(LocalDate date, Channel channel, String salespersonId, long offset, int size) {
        List<String> ids = new ArrayList<>();
        long skip = offset;
        String after = "";
        while (ids.size() < size) {
            List<org.bson.Document> days = new ArrayList<>();
            mongo.getCollection(ReconciliationProjection.DAYS)
                    .find(Filters.and(Filters.gt("_id", after), Filters.lte("_id", date.toString())))
                    .sort(new org.bson.Document("_id", 1)).limit(31)
                    .projection(Projections.include(ReconciliationProjection.TOTALS)).into(days);
            if (days.isEmpty()) {
                return ids;
            }
            for (org.bson.Document day : days) {
                after = day.getString("_id");
                long signed = 0;
                for (Map.Entry<String, Object> group : Bson.sub(day, ReconciliationProjection.TOTALS).entrySet()) {
                    if (selects(group.getKey(), channel, salespersonId)) {
                        signed += Bson.integer((org.bson.Document) group.getValue(), "contracts");
                    }
                }
                if (skip >= signed) {
                    skip -= signed;
                    continue;
                }
                org.bson.Document contributions = mongo.getCollection(ReconciliationProjection.DAYS)
                        .find(Filters.eq("_id", after)).projection(Projections.include("contracts")).first();
                List<String> signedThatDay = new ArrayList<>();
                Bson.sub(contributions, "contracts").forEach((key, value) -> {
                    org.bson.Document change = (org.bson.Document) value;
                    if (Bson.integer(change, "contracts") == 1 && selects(change.getString("group"), channel, salespersonId)) {
                        signedThatDay.add(Bson.unkey(key));
                    }
                });
                signedThatDay.sort(null);
                for (String id : signedThatDay.subList((int) Math.min(skip, signedThatDay.size()), signedThatDay.size())) {
                    ids.add(id);
                    if (ids.size() == size) {
                        return ids;
                    }
                }
                skip = 0;
            }
        }
        return ids;
    }

    /** Whether a totals group ("CHANNEL|salesperson") is one the filters select. */
    private static boolean selects(String group, Channel channel, String salespersonId) {
        String[] key = group.split("\\|", 2);
        return (channel == null || channel.name().equals(key[0]))
                && (salespersonId == null || salespersonId.equals(Bson.unkey(key[1])));
    }

    /** A month's totals per group, as summed from its documents at these revisions. */
    private record MonthSums(Map<String, Long> revisions, Map<String, ReconciliationProjection.Change> sums) {
    }

    private final Map<String, MonthSums> months = new ConcurrentHashMap<>();

    /**
     * The totals of every month before this one, per month and group. A month's documents are read
     * only when their revisions differ from those its remembered sums were made from (each write of
     * a document moves its revision; a document made anew starts from a random one): past months
     * rarely change, so a request reads their revisions, not their totals.
     */
    private Map<String, Map<String, ReconciliationProjection.Change>> monthsBefore(YearMonth month) {
        Map<String, Map<String, Long>> revisions = new TreeMap<>();
        mongo.getCollection(ReconciliationProjection.MONTHS).find(Filters.lt("_id", month.toString()))
                .projection(Projections.include(ReconciliationProjection.REVISION))
                .forEach(document -> {
                    String id = document.getString("_id");
                    revisions.computeIfAbsent(id.substring(0, id.indexOf('#')), m -> new TreeMap<>())
                            .put(id, ((Number) document.get(ReconciliationProjection.REVISION)).longValue());
                });
        Map<String, Map<String, ReconciliationProjection.Change>> sums = new TreeMap<>();
        revisions.forEach((name, documents) -> {
            MonthSums known = months.get(name);
            if (known == null || !known.revisions().equals(documents)) {
                Map<String, ReconciliationProjection.Change> summed = new TreeMap<>();
                Map<String, Long> read = new TreeMap<>();
                Bson.findByIds(mongo.getCollection(ReconciliationProjection.MONTHS), documents.keySet(),
                        Projections.include(ReconciliationProjection.TOTALS, ReconciliationProjection.REVISION),
                        document -> {
                            read.put(document.getString("_id"),
                                    ((Number) document.get(ReconciliationProjection.REVISION)).longValue());
                            add(summed, document);
                        });
                known = new MonthSums(read, summed);
                months.put(name, known);
            }
            sums.put(name, known.sums());
        });
        return sums;
    }

    private static void add(Map<String, ReconciliationProjection.Change> groups, org.bson.Document period) {
        Bson.sub(period, ReconciliationProjection.TOTALS).forEach((group, value) -> groups.merge(group,
                ReconciliationProjection.Change.of((org.bson.Document) value), ReconciliationProjection.Change::plus));
    }

    private static Map<String, Totals> totals(Map<String, ReconciliationProjection.Change> changes) {
        Map<String, Totals> totals = new TreeMap<>();
        changes.forEach((name, change) -> totals.put(name, change.totals()));
        return totals;
    }

    private static org.bson.conversions.Bson filters(Channel channel, String salespersonId) {
        List<org.bson.conversions.Bson> filters = new ArrayList<>();
        if (channel != null) {
            filters.add(Filters.eq("channel", channel.name()));
        }
        if (salespersonId != null) {
            filters.add(Filters.eq("salespersonId", salespersonId));
        }
        return filters.isEmpty() ? new org.bson.Document() : Filters.and(filters);
    }

    public record Line(String contractId, Channel channel, String salespersonId, ContractStatus status,
                       Money contractValue, Money depositRequired, Money depositCollected, Money balanceDue,
                       Money balanceCollected, Money refunded, Money outstanding, List<String> flags) {
    }

    public record Totals(int contracts, Money contractValue, Money depositRequired, Money depositCollected,
                         Money balanceCollected, Money refunded, Money collected, Money outstanding, int flagged) {

        static Totals of(List<Line> lines) {
            Money value = Money.ZERO;
            Money required = Money.ZERO;
            Money deposits = Money.ZERO;
            Money balances = Money.ZERO;
            Money refunded = Money.ZERO;
            Money outstanding = Money.ZERO;
            int flagged = 0;
            for (Line line : lines) {
                value = value.plus(line.contractValue());
                required = required.plus(line.depositRequired());
                deposits = deposits.plus(line.depositCollected());
                balances = balances.plus(line.balanceCollected());
                refunded = refunded.plus(line.refunded());
                outstanding = outstanding.plus(line.outstanding());
                flagged += line.flags().isEmpty() ? 0 : 1;
            }
            return new Totals(lines.size(), value, required, deposits, balances, refunded,
                    deposits.plus(balances).minus(refunded), outstanding, flagged);
        }
    }

    public record Report(LocalDate asOf, List<Line> lines, Totals totals, Map<String, Totals> byChannel,
                         Map<String, Totals> bySalesperson) {
    }

    /** Every line as of the date (the CSV export), folded from every contract's ledger, in the order signed. */
    public Report asOf(LocalDate date, Channel channel, String salespersonId) {
        Instant end = settings.endOf(date);
        List<ContractLedger> signed = new ArrayList<>();
        for (ContractLedger ledger : ledgers.all(filters(channel, salespersonId))) {
            if (ledger.signing().occurredAt().isBefore(end)) {
                signed.add(ledger);
            }
        }
        // in the order signed (field day), then by id, as the pages
        signed.sort(Comparator.comparing((ContractLedger ledger) -> settings.localDate(ledger.signing().occurredAt()))
                .thenComparing(ContractLedger::contractId));
        List<Line> lines = signed.stream().map(ledger -> line(ledger, date, end)).toList();
        return new Report(date, lines, Totals.of(lines), group(lines, line -> line.channel().name()),
                group(lines, Line::salespersonId));
    }

    /** The contract's line as of the end of a local day, or none when it was signed later. */
    public Optional<Line> line(ContractLedger ledger, LocalDate date) {
        Instant end = settings.endOf(date);
        return ledger.signing().occurredAt().isBefore(end) ? Optional.of(line(ledger, date, end)) : Optional.empty();
    }

    private Line line(ContractLedger ledger, LocalDate date, Instant end) {
        ContractLedger.Figures f = ledger.figures(fact -> fact.occurredAt().isBefore(end));
        Money balanceDue = ledger.contractValue().minus(ledger.depositRequired());
        List<String> flags = new ArrayList<>();
        if (f.unitsInstalled() > 0 && f.outstanding().isPositive() && f.firstInstalledAt() != null
                && daysSince(f.firstInstalledAt(), date) > settings.flags().balanceOverdueDays()) {
            flags.add(BALANCE_OVERDUE);
        }
        if (f.depositCollected().isPositive() && f.unitsInstalled() == 0 && f.live() && f.firstDepositAt() != null
                && daysSince(f.firstDepositAt(), date) > settings.flags().depositIdleDays()) {
            flags.add(DEPOSIT_IDLE);
        }
        if (f.depositCollected().plus(f.balanceCollected()).exceeds(ledger.contractValue())) {
            flags.add(OVER_COLLECTED);
        }
        if (!f.live() && f.collected().isPositive()) {
            flags.add(MONEY_ON_CANCELLED);
        }
        return new Line(ledger.contractId(), ledger.channel(), ledger.salespersonId(), f.status(),
                ledger.contractValue(), ledger.depositRequired(), f.depositCollected(), balanceDue,
                f.balanceCollected(), f.refunded(), f.outstanding(), flags);
    }

    /** Whole local days from the day of {@code since} to the as-of date. */
    private long daysSince(Instant since, LocalDate asOf) {
        return ChronoUnit.DAYS.between(settings.localDate(since), asOf);
    }

    private static Map<String, Totals> group(List<Line> lines, Function<Line, String> key) {
        Map<String, List<Line>> groups = new TreeMap<>();
        lines.forEach(line -> groups.computeIfAbsent(key.apply(line), k -> new ArrayList<>()).add(line));
        Map<String, Totals> totals = new TreeMap<>();
        groups.forEach((name, group) -> totals.put(name, Totals.of(group)));
        return totals;
    }
}
