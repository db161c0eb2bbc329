package io.canvass.query.period;

import com.fasterxml.jackson.databind.JsonNode;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.period.PeriodId;
import io.canvass.platform.axon.EventMetadata;
import io.canvass.query.audit.ContractHistory;
import io.canvass.query.audit.ContractHistory.StoredEvent;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.Fact;
import io.canvass.query.ledger.LedgerStore;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.reconciliation.Reconciliation;
import io.canvass.query.reconciliation.ReconciliationLines;
import io.canvass.query.reconciliation.Totals;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

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
    public enum Status {
        OPEN, CLOSED, REOPENED
    }

    /**
     * A close or reopening, as recorded.
     *
     * @param position          the event's own position in the store
     * @param statementPosition for a close, the position it was made at: its statement counts the events up to it
     */
    public record Action(String action, long version, long position, Instant recordedAt, String by, String role,
                         String reason, Long statementPosition) {
    }

    /** The month's reconciliation as the last close recorded it, as of the month's last day. */
    public record Statement(long position, Instant closedAt, LocalDate date, Totals totals,
                            Map<String, Totals> byChannel, Map<String, Totals> bySalesperson) {
    }

    /**
     * Field work of the month stored after the close: what (the fact's kind and its payment,
     * installation or correction id), its field day, when it was recorded, and how it changes the
     * month's totals (the month-end line after it less before it).
     */
    public record Adjustment(String contractId, Channel channel, String salespersonId, Fact.Kind what, String ref,
                             Money amount, LocalDate fieldDay, LocalDate recordedOn, Instant recordedAt, long position,
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
        for (ContractLedger ledger : ledgers.all(new Document())) {
            ledger.upTo(position).flatMap(known -> lines.asOf(known, last)).ifPresent(closed::add);
            adjust(ledger, month, position, last, adjustments);
        }
        Reconciliation.Report report = Reconciliation.report(last, closed);
        adjustments.sort(Comparator.comparingLong(Adjustment::position));
        Totals adjusted = adjustments.stream().map(Adjustment::difference).reduce(Totals.NONE, Totals::plus);
        return new Month(month, status, history, new Statement(position, close.recordedAt(), last, report.totals(),
                report.byChannel(), report.bySalesperson()), adjustments, adjusted);
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
