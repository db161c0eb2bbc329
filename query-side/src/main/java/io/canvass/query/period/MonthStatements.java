package io.canvass.query.period;

import com.fasterxml.jackson.databind.JsonNode;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.settlement.MatchUndone;
import io.canvass.events.settlement.MatchedPayment;
import io.canvass.events.settlement.PaymentsMatched;
import io.canvass.events.settlement.SettlementFlag;
import io.canvass.events.settlement.SettlementFlagCleared;
import io.canvass.events.settlement.SettlementFlagRaised;
import io.canvass.events.settlement.StatementId;
import io.canvass.events.settlement.StatementLineRecorded;
import io.canvass.events.settlement.StatementSource;
import io.canvass.events.period.PeriodId;
import io.canvass.platform.axon.EventMetadata;
import io.canvass.platform.web.NullWhen;
import io.canvass.query.audit.ContractHistory;
import io.canvass.query.audit.ContractHistory.StoredEvent;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.Fact;
import io.canvass.query.ledger.LedgerStore;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.reconciliation.Reconciliation;
import io.canvass.query.reconciliation.ReconciliationLines;
import io.canvass.query.reconciliation.Totals;
import io.swagger.v3.oas.annotations.media.Schema;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A month's closings and its statement as closed (docs/domain.md, "Closing a month"). The closings
 * are read from the month's own stream in the event store (a handful of events, with who did each);
 * the statement is reconciliation as of the month's last day worked out from each contract's facts
 * stored up to the close's position, so it is a function of stored events only: every instance,
 * every rebuild and every later day answer the same. The month's field work stored after that
 * position is listed as adjustments after close, each with the difference it makes.
 */
@Component
public class MonthStatements {

    /** Never closed; closed now; or reopened since its last close. */
    @Schema(name = "PeriodStatus")
    public enum Status {
        OPEN, CLOSED, REOPENED
    }

    /**
     * A close or reopening, as recorded.
     *
     * @param position          the event's own position in the store
     * @param statementPosition for a close, the position it was made at: its statement counts the events up to it
     */
    @Schema(name = "PeriodAction")
    public record Action(String action, long version, long position, Instant recordedAt, String by, String role,
                         String reason, @NullWhen("the action is a reopening") Long statementPosition) {
    }

    /** The month's reconciliation as the last close recorded it, as of the month's last day. */
    @Schema(name = "PeriodStatement")
    public record Statement(long position, Instant closedAt, LocalDate date, Totals totals,
                            Map<String, Totals> byChannel, Map<String, Totals> bySalesperson,
                            Settlement settlement) {
    }

    /**
     * Did the money reach us, as of the close (docs/finance.md, "The settlement view"): collected
     * (deposits + balances - refunds, as reconciliation), settled (the payments that matches stored
     * up to the close's position settle, to statement lines all of a day up to the month's end, at
     * their amounts as corrected by then) and in transit (collected - settled).
     */
    @Schema(name = "PeriodSettlementTotals")
    public record SettlementTotals(Money collected, Money settled, Money inTransit) {

        static final SettlementTotals NONE = new SettlementTotals(Money.ZERO, Money.ZERO, Money.ZERO);

        SettlementTotals plus(SettlementTotals other) {
            return new SettlementTotals(collected.plus(other.collected), settled.plus(other.settled),
                    inTransit.plus(other.inTransit));
        }
    }

    /** Collected, settled and in transit overall, by channel and by salesperson. */
    @Schema(name = "PeriodSettlement")
    public record Settlement(SettlementTotals totals, Map<String, SettlementTotals> byChannel, Map<String, SettlementTotals> bySalesperson) {
    }

    /**
     * Field work of the month stored after the close: what (the fact's kind and its payment,
     * installation or correction id), its field day, when it was recorded, and how it changes the
     * month's totals (the month-end line after it less before it).
     */
    @Schema(name = "PeriodAdjustment")
    public record Adjustment(String contractId, Channel channel, String salespersonId, Fact.Kind what,
                             @NullWhen("the fact has no id of its own (a signing or a cancellation)") String ref,
                             @NullWhen("the fact moves no money (an installation)") Money amount, LocalDate fieldDay, LocalDate recordedOn, Instant recordedAt, long position,
                             Totals difference) {
    }

    public record Month(YearMonth month, Status status, List<Action> history, Statement statement,
                        List<Adjustment> adjustments, Totals adjustmentTotals) {
    }

    private final ContractHistory events;
    private final LedgerStore ledgers;
    private final ReconciliationLines lines;
    private final CanvassSettings settings;

    MonthStatements(ContractHistory events, LedgerStore ledgers, ReconciliationLines lines, CanvassSettings settings) {
        this.events = events;
        this.ledgers = ledgers;
        this.lines = lines;
        this.settings = settings;
    }

    /** Every close and reopening of the month, in the order recorded. */
    public List<Action> history(YearMonth month) {
        List<Action> history = new ArrayList<>();
        for (StoredEvent event : events.stream(PeriodId.of(month).streamId())) {
            JsonNode payload = event.payload();
            boolean close = "MonthClosed".equals(event.type());
            history.add(new Action(close ? "CLOSED" : "REOPENED", event.sequence(), event.position(),
                    event.recordedAt(), text(event.metadata(), EventMetadata.USER_ID),
                    text(event.metadata(), EventMetadata.ROLE), text(payload, "reason"),
                    close ? payload.get("position").asLong() : null));
        }
        return history;
    }

    /** The month with its statement as last closed and the adjustments after that close (none if never closed). */
    public Month of(YearMonth month, List<Action> history) {
        Action close = history.stream().filter(a -> a.statementPosition() != null).reduce((a, b) -> b).orElse(null);
        if (close == null) {
            return new Month(month, Status.OPEN, history, null, List.of(), Totals.NONE);
        }
        Status status = history.get(history.size() - 1) == close ? Status.CLOSED : Status.REOPENED;
        long position = close.statementPosition();
        LocalDate last = month.atEndOfMonth();
        Instant end = settings.endOf(last);
        List<ReconciliationLines.Line> closed = new ArrayList<>();
        List<Adjustment> adjustments = new ArrayList<>();
        ReconciliationLines.Settlement settledPayments = settled(position, last, end);
        SettlementTotals settledAll = SettlementTotals.NONE;
        Map<String, SettlementTotals> settledByChannel = new TreeMap<>();
        Map<String, SettlementTotals> settledBySalesperson = new TreeMap<>();
        for (ContractLedger ledger : ledgers.all(new Document())) {
            Optional<ContractLedger> known = ledger.upTo(position);
            Optional<ReconciliationLines.Line> line = known.flatMap(upTo -> lines.asOf(upTo, last, settledPayments));
            if (line.isPresent()) {
                closed.add(line.get());
                SettlementTotals money = new SettlementTotals(line.get().depositCollected()
                        .plus(line.get().balanceCollected()).minus(line.get().refunded()), line.get().settled(),
                        line.get().inTransit());
                settledAll = settledAll.plus(money);
                settledByChannel.merge(ledger.channel().name(), money, SettlementTotals::plus);
                settledBySalesperson.merge(ledger.salespersonId(), money, SettlementTotals::plus);
            }
            adjust(ledger, month, position, last, adjustments);
        }
        Reconciliation.Report report = Reconciliation.report(last, closed);
        adjustments.sort(Comparator.comparingLong(Adjustment::position));
        Totals adjusted = adjustments.stream().map(Adjustment::difference).reduce(Totals.NONE, Totals::plus);
        return new Month(month, status, history, new Statement(position, close.recordedAt(), last, report.totals(),
                report.byChannel(), report.bySalesperson(),
                new Settlement(settledAll, settledByChannel, settledBySalesperson)), adjustments, adjusted);
    }

    /**
     * What settlement adds to the month-end lines at the position: the keys ({@link MatchedPayment#key()})
     * of the payments matched by a match stored up to it and not undone up to it, whose lines are all
     * of a day up to the month's end; and the settlement flags stored up to it, raised before the
     * month's end and not cleared up to the position. Read from the statements' own streams, so that
     * it is a function of stored events as the rest of the statement (the settlement read models keep
     * what is matched and flagged now, not since when).
     */
    private ReconciliationLines.Settlement settled(long position, LocalDate last, Instant end) {
        Map<String, LocalDate> lineDays = new HashMap<>();
        Map<String, PaymentsMatched> matches = new HashMap<>();
        Map<String, PaymentsMatched> everMatched = new HashMap<>();
        Map<String, SettlementFlagRaised> raised = new HashMap<>();
        for (StatementSource source : StatementSource.values()) {
            for (StoredEvent stored : events.stream(StatementId.of(source).streamId())) {
                if (stored.position() > position) {
                    break; // a stream's events are stored in the order of their positions
                }
                Object event = events.event(stored);
                if (event instanceof StatementLineRecorded line) {
                    lineDays.put(source + ":" + line.lineId().value(), line.day());
                } else if (event instanceof PaymentsMatched match) {
                    matches.put(match.matchId(), match);
                    everMatched.put(match.matchId(), match);
                } else if (event instanceof MatchUndone undone) {
                    matches.remove(undone.matchId());
                } else if (event instanceof SettlementFlagRaised flag) {
                    raised.put(flag.subject(), flag);
                } else if (event instanceof SettlementFlagCleared cleared) {
                    raised.remove(cleared.subject());
                }
            }
        }
        Set<String> settled = new HashSet<>();
        for (PaymentsMatched match : matches.values()) {
            boolean landed = match.lines().stream().map(line -> lineDays.get(match.source() + ":" + line.value()))
                    .allMatch(day -> day != null && !day.isAfter(last));
            if (landed) {
                match.payments().forEach(payment -> settled.add(payment.key()));
            }
        }
        Map<String, Set<String>> flags = new HashMap<>();
        for (SettlementFlagRaised flag : raised.values()) {
            if (!flag.occurredAt().isBefore(end)) {
                continue;
            }
            if (flag.flag() == SettlementFlag.UNSETTLED) {
                flags.computeIfAbsent(flag.payment().contractId().value(), c -> new TreeSet<>()).add(flag.flag().name());
            } else if (flag.flag() == SettlementFlag.AMOUNT_DIFFERS && everMatched.containsKey(flag.matchId())) {
                everMatched.get(flag.matchId()).payments().forEach(payment -> flags.computeIfAbsent(
                        payment.contractId().value(), c -> new TreeSet<>()).add(flag.flag().name()));
            }
        }
        return new ReconciliationLines.Settlement(settled, flags);
    }

    /** The ledger's facts of the month stored after the position, each with its difference to the month's end. */
    private void adjust(ContractLedger ledger, YearMonth month, long position, LocalDate last,
                        List<Adjustment> adjustments) {
        List<Fact> facts = ledger.facts();
        for (int i = 0; i < facts.size(); i++) {
            Fact fact = facts.get(i);
            LocalDate day = fieldDay(ledger, fact);
            if (fact.position() <= position || !YearMonth.from(day).equals(month)) {
                continue;
            }
            Totals before = i == 0 ? Totals.NONE : totals(ledger.firstFacts(i), last);
            Totals after = totals(ledger.firstFacts(i + 1), last);
            adjustments.add(new Adjustment(ledger.contractId(), ledger.channel(), ledger.salespersonId(), fact.kind(),
                    fact.ref(), fact.amount(), day, settings.localDate(fact.recordedAt()), fact.recordedAt(),
                    fact.position(), after.minus(before)));
        }
    }

    private Totals totals(ContractLedger ledger, LocalDate last) {
        return lines.asOf(ledger, last).map(Totals::of).orElse(Totals.NONE);
    }

    /** A fact's field day; a correction's is the day of the payment it corrects (docs/domain.md, "Field time and recorded time"). */
    private LocalDate fieldDay(ContractLedger ledger, Fact fact) {
        Instant when = fact.occurredAt();
        if (fact.kind() == Fact.Kind.CORRECTION) {
            when = ledger.facts().stream()
                    .filter(f -> (f.kind() == Fact.Kind.DEPOSIT || f.kind() == Fact.Kind.BALANCE)
                            && f.ref().equals(fact.paymentRef()))
                    .map(Fact::occurredAt).findFirst().orElse(when);
        }
        return settings.localDate(when);
    }

    private static String text(JsonNode node, String field) {
        return node == null || !node.hasNonNull(field) ? null : node.get(field).asText();
    }
}
