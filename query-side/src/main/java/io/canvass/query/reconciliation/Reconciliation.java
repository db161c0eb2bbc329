package io.canvass.query.reconciliation;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.canvass.events.Channel;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.LedgerStore;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.reconciliation.ReconciliationLines.Line;
import io.canvass.query.settlement.SettledPayments;
import io.canvass.query.settlement.SettlementFlags;
import io.canvass.events.settlement.SettlementFlag;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Deposit and balance reconciliation as of the end of a local day, read from MongoDB: totals from
 * {@link ReconciliationProjection}'s day and month documents, lines from the ledgers
 * ({@link ReconciliationLines}). Only what happened in the field up to the date counts.
 */
@Component
public class Reconciliation {

    private final LedgerStore ledgers;
    private final ReconciliationLines lines;
    private final SettledPayments settledPayments;
    private final SettlementFlags settlementFlags;
    private final CanvassSettings settings;
    private final MongoTemplate mongo;

    public Reconciliation(LedgerStore ledgers, ReconciliationLines lines, SettledPayments settledPayments,
                          SettlementFlags settlementFlags, CanvassSettings settings, MongoTemplate mongo) {
        this.settlementFlags = settlementFlags;
        this.ledgers = ledgers;
        this.lines = lines;
        this.settledPayments = settledPayments;
        this.settings = settings;
        this.mongo = mongo;
    }

    /** A page of the report: the totals (of every contract the filters select) and a page of lines. */
    public record PageOf(LocalDate asOf, List<Line> lines, long totalLines, Totals totals, Map<String, Totals> byChannel,
                         Map<String, Totals> bySalesperson) {
    }

    /** Every line of the report (the CSV export), with the same totals as the pages. */
    public record Report(LocalDate asOf, List<Line> lines, Totals totals, Map<String, Totals> byChannel,
                         Map<String, Totals> bySalesperson) {
    }

    /**
     * The report's totals from the period documents (the months before the date's month, then its
     * days up to the date), and one page of lines from the ledgers of the contracts signed by then,
     * in the order signed. Agrees with {@link #asOf} (tested).
     */
    public PageOf page(LocalDate date, Channel channel, String salespersonId, int page, int size) {
        Map<Group, Totals> groups = new TreeMap<>(Comparator.comparing(Group::key));
        YearMonth month = YearMonth.from(date);
        monthsBefore(month).values().forEach(sums -> sums.forEach((group, change) -> groups.merge(group, change, Totals::plus)));
        List<String> days = month.atDay(1).datesUntil(date.plusDays(1)).map(LocalDate::toString).toList();
        Bson.findByIds(mongo.getCollection(ReconciliationProjection.DAYS), days,
                Projections.include(ReconciliationProjection.TOTALS), document -> add(groups, document));
        Instant end = settings.endOf(date);
        ReconciliationLines.Settlement settled = settlement(date, end);
        addSettlement(groups, settled, date, end);
        Totals all = Totals.NONE;
        Map<String, Totals> byChannel = new TreeMap<>();
        Map<String, Totals> bySalesperson = new TreeMap<>();
        for (Map.Entry<Group, Totals> entry : groups.entrySet()) {
            Group group = entry.getKey();
            Totals totals = entry.getValue();
            // a group with no line listed by the date has nothing to show
            if (totals.lines() == 0 || !group.selectedBy(channel, salespersonId)) {
                continue;
            }
            all = all.plus(totals);
            byChannel.merge(group.channel().name(), totals, Totals::plus);
            bySalesperson.merge(group.salespersonId(), totals, Totals::plus);
        }
        List<String> ids = pageIds(date, channel, salespersonId, (long) page * size, size);
        Map<String, ContractLedger> found = ledgers.findAll(ids);
        List<Line> pageLines = new ArrayList<>();
        for (String id : ids) {
            pageLines.add(lines.line(found.get(id), date, end, settled));
        }
        return new PageOf(date, pageLines, all.lines(), all, byChannel, bySalesperson);
    }

    /** What settlement adds to the lines as of the date: the payments settled, and the settlement flags by contract. */
    private ReconciliationLines.Settlement settlement(LocalDate date, Instant end) {
        Map<String, Set<String>> flags = new TreeMap<>();
        for (SettlementFlags.Raised flag : settlementFlags.raisedBefore(end, null)) {
            if (flag.flag() == SettlementFlag.UNSETTLED) {
                flags.computeIfAbsent(flag.contractId(), c -> new TreeSet<>()).add(flag.flag().name());
            } else if (flag.flag() == SettlementFlag.AMOUNT_DIFFERS) {
                settledPayments.contractsOf(flag.matchId()).forEach(contract ->
                        flags.computeIfAbsent(contract, c -> new TreeSet<>()).add(flag.flag().name()));
            }
        }
        return new ReconciliationLines.Settlement(settledPayments.asOf(date), flags);
    }

    /**
     * Adds what settlement changes to the stored totals, by group: settled money, and a line flagged
     * by settlement alone. The day and month documents keep the contracts' facts, and a match or a
     * settlement flag is not one of them. Reads the ledgers of the contracts concerned (a branch's
     * few thousand a year, as the settlement view reads them).
     */
    private void addSettlement(Map<Group, Totals> groups, ReconciliationLines.Settlement settlement, LocalDate date,
                               Instant end) {
        Set<String> contracts = new TreeSet<>(settlement.flags().keySet());
        settlement.settledPayments().forEach(key -> contracts.add(key.substring(0, key.indexOf('/'))));
        ledgers.findAll(List.copyOf(contracts)).values().forEach(ledger -> {
            if (ledger.signing().occurredAt().isBefore(end)) {
                Line with = lines.line(ledger, date, end, settlement);
                Line without = lines.line(ledger, date, end, ReconciliationLines.Settlement.NONE);
                Totals change = Totals.of(with).minus(Totals.of(without));
                if (!change.none()) {
                    groups.merge(new Group(ledger.channel(), ledger.salespersonId()), change, Totals::plus);
                }
            }
        });
    }

    /**
     * The ids of one page of the contracts signed by the date that the filters select, in the order
     * signed (field day, then id). A contract's change on its signing day is the one that lists
     * it ({@code lines: 1}), so the day documents list each day's signings, and their totals
     * count them: days wholly before the page are skipped by their totals, and only the days the
     * page falls on are read whole. The cost grows with the page's offset, not with the store.
     */
    private List<String> pageIds(LocalDate date, Channel channel, String salespersonId, long offset, int size) {
        List<String> ids = new ArrayList<>();
        long skip = offset;
        String after = "";
        while (ids.size() < size) {
            List<Document> days = new ArrayList<>();
            mongo.getCollection(ReconciliationProjection.DAYS)
                    .find(Filters.and(Filters.gt("_id", after), Filters.lte("_id", date.toString())))
                    .sort(new Document("_id", 1)).limit(31)
                    .projection(Projections.include(ReconciliationProjection.TOTALS)).into(days);
            if (days.isEmpty()) {
                return ids;
            }
            for (Document day : days) {
                after = day.getString("_id");
                long signed = 0;
                for (Map.Entry<String, Object> group : Bson.sub(day, ReconciliationProjection.TOTALS).entrySet()) {
                    if (Group.of(group.getKey()).selectedBy(channel, salespersonId)) {
                        signed += ReconciliationProjection.totals((Document) group.getValue()).lines();
                    }
                }
                if (skip >= signed) {
                    skip -= signed;
                    continue;
                }
                Document contributions = mongo.getCollection(ReconciliationProjection.DAYS)
                        .find(Filters.eq("_id", after)).projection(Projections.include("contracts")).first();
                List<String> signedThatDay = new ArrayList<>();
                Bson.sub(contributions, "contracts").forEach((key, change) -> {
                    if (ReconciliationProjection.contributed(change).lines() == 1
                            && Group.of(ReconciliationProjection.contributor(change)).selectedBy(channel, salespersonId)) {
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

    /** A month's totals per group, as summed from its documents at these revisions. */
    private record MonthSums(Map<String, Long> revisions, Map<Group, Totals> sums) {
    }

    private final Map<String, MonthSums> months = new ConcurrentHashMap<>();

    /**
     * The totals of every month before this one, per month and group. A month's documents are read
     * only when their revisions differ from those its remembered sums were made from (each write of
     * a document moves its revision; a document made anew starts from a random one): past months
     * rarely change, so a request reads their revisions, not their totals.
     */
    private Map<String, Map<Group, Totals>> monthsBefore(YearMonth month) {
        Map<String, Map<String, Long>> revisions = new TreeMap<>();
        mongo.getCollection(ReconciliationProjection.MONTHS).find(Filters.lt("_id", month.toString()))
                .projection(Projections.include(ReconciliationProjection.REVISION))
                .forEach(document -> {
                    String id = document.getString("_id");
                    revisions.computeIfAbsent(id.substring(0, id.indexOf('#')), m -> new TreeMap<>())
                            .put(id, ((Number) document.get(ReconciliationProjection.REVISION)).longValue());
                });
        Map<String, Map<Group, Totals>> sums = new TreeMap<>();
        revisions.forEach((name, documents) -> {
            MonthSums known = months.get(name);
            if (known == null || !known.revisions().equals(documents)) {
                Map<Group, Totals> summed = new TreeMap<>(Comparator.comparing(Group::key));
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

    private static void add(Map<Group, Totals> groups, Document period) {
        Bson.sub(period, ReconciliationProjection.TOTALS).forEach((group, value) ->
                groups.merge(Group.of(group), ReconciliationProjection.totals((Document) value), Totals::plus));
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
        ReconciliationLines.Settlement settled = settlement(date, end);
        return report(date, signed.stream().map(ledger -> lines.line(ledger, date, end, settled)).toList());
    }

    /** The report of these lines, as of the date: their totals overall, by channel and by salesperson. */
    public static Report report(LocalDate date, List<Line> report) {
        return new Report(date, report, sum(report), group(report, line -> line.channel().name()),
                group(report, Line::salespersonId));
    }

    private static Totals sum(List<Line> lines) {
        return lines.stream().map(Totals::of).reduce(Totals.NONE, Totals::plus);
    }

    private static Map<String, Totals> group(List<Line> lines, Function<Line, String> key) {
        Map<String, Totals> totals = new TreeMap<>();
        lines.forEach(line -> totals.merge(key.apply(line), Totals.of(line), Totals::plus));
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
        return filters.isEmpty() ? new Document() : Filters.and(filters);
    }
}
