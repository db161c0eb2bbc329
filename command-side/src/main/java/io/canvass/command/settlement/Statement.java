package io.canvass.command.settlement;

import io.canvass.command.platform.BranchCalendar;
import io.canvass.command.platform.RuleViolation;
import io.canvass.command.settlement.ImportStatement.Imported;
import io.canvass.command.settlement.MatchCommands.MatchPayments;
import io.canvass.command.settlement.MatchCommands.Matched;
import io.canvass.command.settlement.MatchCommands.Ran;
import io.canvass.command.settlement.MatchCommands.RunMatching;
import io.canvass.command.settlement.MatchCommands.UndoMatch;
import io.canvass.events.Money;
import io.canvass.events.settlement.MatchKind;
import io.canvass.events.settlement.MatchProposed;
import io.canvass.events.settlement.MatchUndone;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.events.settlement.MatchedPayment;
import io.canvass.events.settlement.PaymentsMatched;
import io.canvass.events.settlement.SettlementFlag;
import io.canvass.events.settlement.SettlementFlagCleared;
import io.canvass.events.settlement.SettlementFlagRaised;
import io.canvass.events.settlement.StatementId;
import io.canvass.events.settlement.StatementLineId;
import io.canvass.events.settlement.StatementLineRecorded;
import io.canvass.events.settlement.StatementSource;
import io.canvass.platform.axon.EventMetadata;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The statement of one source (docs/domain.md, "Money arrives: settlement"): every line recorded
 * once, whatever file brings it again, and what its lines settle. One stream per source, because a
 * source's lines are decided together: a line is new or known only against every line of its
 * source, and whether a payment can be matched automatically ("no other line could take it") only
 * against every unmatched line and match of it; a payment's method names the one source that can
 * settle it. Two commands on one source at once are one after the other: the second's append
 * collides on the stream's next sequence number and is refused, its retry reads the first's
 * events. What the rules decide is recorded, so no instance, retry or reader decides it again.
 * <p>
 * The settlement flags are recorded here too (docs/finance.md, "Flags"), in the stream whose matches
 * clear them, so that a match and the clearing of its flags are one append: UNKNOWN_RECEIPT by a
 * deadline each line starts when recorded, UNSETTLED by the deadline each payment of the source's
 * methods starts when collected ({@link SettlementDeadlines}), AMOUNT_DIFFERS with the match that
 * differs. A deadline records its flag only if its subject is still unmatched and not flagged, so a
 * deadline fired twice, or on a second command side, records nothing more.
 */
@Aggregate(repository = "statementRepository")
public class Statement {

    /** What a recorded line says, to tell the same line from another under the same id ({@link StatementLine#sameAs}). */
    private record Known(LocalDate day, Money amount, String reference) {
    }

    @AggregateIdentifier
    private String streamId;
    private StatementSource source;
    private final Map<StatementLineId, Known> lines = new HashMap<>();
    private long lastSequence = -1;
    /** Every match made, by id (undone ones too), with its sequence number; and which are undone. */
    private final Map<String, PaymentsMatched> matches = new LinkedHashMap<>();
    private final Map<String, Long> matchedAt = new HashMap<>();
    private final Map<String, MatchUndone> undone = new HashMap<>();
    private final Map<String, Long> undoneAt = new HashMap<>();
    /** The live matches of each line and payment (by payment key). */
    private final Map<StatementLineId, String> lineMatch = new HashMap<>();
    private final Map<String, String> paymentMatch = new HashMap<>();
    /** Pairs finance undid: the rules never make them again. */
    private final Set<String> undonePairs = new HashSet<>();
    private final Map<String, MatchProposed> proposals = new LinkedHashMap<>();
    /** The flags raised and not cleared, by {@link SettlementFlagRaised#subject()}. */
    private final Map<String, SettlementFlagRaised> flags = new HashMap<>();

    protected Statement() {
        // for Axon
    }

    /**
     * Records the lines not known yet, then runs the rules over every unmatched line; refuses the
     * whole file (nothing recorded) if a line's id is known with other figures, naming each such line.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Imported handle(ImportStatement command, SettlementPayments payments, BranchCalendar calendar,
                           DeadlineManager deadlines) {
        if (command.lines().isEmpty()) {
            // the controller refuses such a file first; a statement that does not exist yet would stay without id
            throw new RuleViolation("a statement file holds at least one line");
        }
        List<String> conflicts = new ArrayList<>();
        int known = 0;
        for (StatementLine line : command.lines()) {
            Known recorded = lines.get(line.lineId());
            if (recorded == null) {
                continue;
            }
            known++;
            if (!recorded.day().equals(line.day()) || !recorded.amount().equals(line.amount())) {
                conflicts.add("line " + line.number() + ": line id " + line.lineId() + " is recorded already with "
                        + recorded.day() + " and " + recorded.amount());
            }
        }
        if (!conflicts.isEmpty()) {
            throw new RuleViolation("nothing was recorded: " + conflicts.size() + " line(s) of the file differ from"
                    + " the " + command.source() + " statement's recorded lines under the same id: "
                    + String.join("; ", conflicts.subList(0, Math.min(conflicts.size(), 20)))
                    + (conflicts.size() > 20 ? "; and " + (conflicts.size() - 20) + " more" : ""));
        }
        for (StatementLine line : command.lines()) {
            if (!lines.containsKey(line.lineId())) {
                apply(new StatementLineRecorded(command.source(), line.lineId(), line.day(), line.amount(),
                        line.reference(), command.layout(), command.fileDigest(), command.recordedAt()));
                deadlines.schedule(calendar.fireAt(calendar.dueOn(line.day(), calendar.unknownReceiptDays())),
                        SettlementDeadlines.UNKNOWN_RECEIPT, line.lineId().value());
            }
        }
        Ran ran = runRules(payments, calendar, command.recordedAt());
        return new Imported(lastSequence, command.lines().size() - known, known, ran.matched(), ran.proposed());
    }

    @CommandHandler
    public Ran handle(RunMatching command, SettlementPayments payments, BranchCalendar calendar) {
        return runRules(payments, calendar, command.recordedAt());
    }

    /**
     * Finance matches payments to lines: a proposal confirmed (the same payments and lines) or its
     * own choice. Every line on this statement and unmatched, every payment of this source's
     * methods (or a refund) and unsettled; a retry (same payments, lines and reason) is answered as
     * the first.
     */
    @CommandHandler
    public Matched handle(MatchPayments command, SettlementPayments payments) {
        Set<String> keys = command.payments().stream().map(MatchedPayment::key).collect(Collectors.toSet());
        for (PaymentsMatched match : matches.values()) {
            if (!undone.containsKey(match.matchId()) && match.reason().equals(command.reason())
                    && Set.copyOf(match.lines()).equals(Set.copyOf(command.lines()))
                    && match.payments().stream().map(MatchedPayment::key).collect(Collectors.toSet()).equals(keys)) {
                return new Matched(matchedAt.get(match.matchId()), match.matchId());
            }
        }
        List<String> wrong = new ArrayList<>();
        for (StatementLineId line : command.lines()) {
            if (!lines.containsKey(line)) {
                wrong.add("line " + line + " is not on the " + source + " statement");
            } else if (lineMatch.containsKey(line)) {
                wrong.add("line " + line + " is matched already (" + lineMatch.get(line) + ")");
            }
        }
        List<MatchedPayment> current = new ArrayList<>();
        for (MatchedPayment payment : command.payments()) {
            SettlementPayments.Payment found = payments.find(payment.contractId(), payment.kind(), payment.paymentId())
                    .orElse(null);
            String name = payment.kind() == MatchedKind.REFUND ? "the refund of contract " + payment.contractId()
                    : "payment " + payment.paymentId() + " of contract " + payment.contractId();
            if (found == null) {
                wrong.add(name + " is not recorded");
            } else if (payment.kind() != MatchedKind.REFUND && !source.methods().contains(found.method())) {
                wrong.add(name + " was paid by " + found.method() + ", which the " + source + " statement does not show");
            } else if (paymentMatch.containsKey(payment.key())) {
                wrong.add(name + " is settled already (" + paymentMatch.get(payment.key()) + ")");
            } else {
                current.add(found.payment());
            }
        }
        if (!wrong.isEmpty()) {
            throw new RuleViolation("nothing was matched: " + String.join("; ", wrong));
        }
        String proposalId = proposals.values().stream().filter(p -> Set.copyOf(p.lines()).equals(Set.copyOf(command.lines()))
                        && p.payments().stream().map(MatchedPayment::key).collect(Collectors.toSet()).equals(keys))
                .map(MatchProposed::proposalId).findFirst().orElse(null);
        String matchId = nextMatchId();
        long sequence = matched(new PaymentsMatched(source, matchId, current, command.lines(),
                proposalId == null ? MatchKind.MANUAL : MatchKind.CONFIRMED, proposalId, command.reason(),
                command.recordedAt()));
        return new Matched(sequence, matchId);
    }

    /** Finance undoes a match; a retry (the same reason) is answered as the first, another undo of it is refused. */
    @CommandHandler
    public Matched handle(UndoMatch command, SettlementPayments payments, BranchCalendar calendar) {
        if (!matches.containsKey(command.matchId())) {
            // an unknown id, as for any other record: 404
            throw new AggregateNotFoundException("match:" + command.matchId(), "no match " + command.matchId());
        }
        MatchUndone earlier = undone.get(command.matchId());
        if (earlier != null) {
            if (earlier.reason().equals(command.reason())) {
                return new Matched(undoneAt.get(command.matchId()), command.matchId());
            }
            throw new RuleViolation("match " + command.matchId() + " is undone already");
        }
        PaymentsMatched match = matches.get(command.matchId());
        apply(new MatchUndone(source, command.matchId(), match.payments(), match.lines(), command.reason(),
                command.recordedAt()));
        long sequence = lastSequence;
        unflagged(SettlementFlag.AMOUNT_DIFFERS, null, null, command.matchId(), "match " + command.matchId() + " undone: " + command.reason(), command.recordedAt());
        // what is unmatched again and was due already is flagged again now; what is not due yet still
        // has its deadline (a deadline fires at its due moment, and this match was made before it)
        for (MatchedPayment payment : match.payments()) {
            if (payment.kind() != MatchedKind.REFUND) {
                payments.find(payment.contractId(), payment.kind(), payment.paymentId()).ifPresent(found -> {
                    Instant due = calendar.dueOn(calendar.localDate(found.occurredAt()), calendar.unsettledDays());
                    if (!command.recordedAt().isBefore(due)) {
                        raise(new SettlementFlagRaised(source, SettlementFlag.UNSETTLED, found.payment(), null, null,
                                found.payment().amount(), calendar.unsettledDays(), command.recordedAt()));
                    }
                });
            }
        }
        for (StatementLineId line : match.lines()) {
            Known known = lines.get(line);
            if (!command.recordedAt().isBefore(calendar.dueOn(known.day(), calendar.unknownReceiptDays()))) {
                raise(new SettlementFlagRaised(source, SettlementFlag.UNKNOWN_RECEIPT, null, line, null, known.amount(),
                        calendar.unknownReceiptDays(), command.recordedAt()));
            }
        }
        return new Matched(sequence, command.matchId());
    }

    /**
     * A payment of this source's methods still unmatched N days after its day: UNSETTLED, at the
     * moment it fell due. Nothing if a line settles it by now, if it is flagged already (a deadline
     * fired twice), or if it was corrected to nothing.
     */
    @DeadlineHandler(deadlineName = SettlementDeadlines.PAYMENT_UNSETTLED)
    void paymentUnsettled(String payload, SettlementPayments payments, BranchCalendar calendar) {
        SettlementDeadlines.Due due = SettlementDeadlines.Due.of(payload);
        MatchedPayment payment = due.payment();
        if (paymentMatch.containsKey(payment.key())
                || flags.containsKey(new SettlementFlagRaised(due.source(), SettlementFlag.UNSETTLED, payment, null,
                null, null, 0, null).subject())) {
            return;
        }
        payments.find(payment.contractId(), payment.kind(), payment.paymentId())
                .filter(found -> !found.payment().amount().isZero())
                .ifPresent(found -> {
                    int days = calendar.unsettledDays();
                    raise(new SettlementFlagRaised(due.source(), SettlementFlag.UNSETTLED, found.payment(), null, null,
                            found.payment().amount(), days,
                            calendar.dueOn(calendar.localDate(found.occurredAt()), days)));
                });
    }

    /** A line still unmatched N days after its day: UNKNOWN_RECEIPT, at the moment it fell due; recorded once, as above. */
    @DeadlineHandler(deadlineName = SettlementDeadlines.UNKNOWN_RECEIPT)
    void unknownReceipt(String lineId, BranchCalendar calendar) {
        StatementLineId line = new StatementLineId(lineId);
        Known known = lines.get(line);
        if (known == null || lineMatch.containsKey(line)) {
            return;
        }
        int days = calendar.unknownReceiptDays();
        raise(new SettlementFlagRaised(source, SettlementFlag.UNKNOWN_RECEIPT, null, line, null, known.amount(), days,
                calendar.dueOn(known.day(), days)));
    }

    /**
     * Records a match, then what it changes in the flags: its payments and lines flagged before are
     * cleared, and a confirmed or manual match whose payments and lines do not add up to the same is
     * AMOUNT_DIFFERS at once. Answers the match's sequence number.
     */
    private long matched(PaymentsMatched match) {
        apply(match);
        long sequence = lastSequence;
        String why = "matched by " + match.matchId();
        match.payments().forEach(payment -> unflagged(SettlementFlag.UNSETTLED, payment, null, match.matchId(), why,
                match.occurredAt()));
        match.lines().forEach(line -> unflagged(SettlementFlag.UNKNOWN_RECEIPT, null, line, match.matchId(), why,
                match.occurredAt()));
        Money paid = match.payments().stream().map(MatchedPayment::amount).reduce(Money.ZERO, Money::plus);
        Money landed = match.lines().stream().map(line -> lines.get(line).amount()).reduce(Money.ZERO, Money::plus);
        if (match.how() != MatchKind.AUTOMATIC && !paid.equals(landed)) {
            raise(new SettlementFlagRaised(source, SettlementFlag.AMOUNT_DIFFERS, null, null, match.matchId(),
                    paid.minus(landed), 0, match.occurredAt()));
        }
        return sequence;
    }

    /** Records a flag unless it is raised already; by the system, saying why. */
    private void raise(SettlementFlagRaised flag) {
        if (flags.containsKey(flag.subject())) {
            return;
        }
        String why = switch (flag.flag()) {
            case UNSETTLED -> "payment " + flag.payment().key() + " unmatched " + flag.days() + " days after its day";
            case UNKNOWN_RECEIPT -> "statement line " + flag.lineId() + " unmatched " + flag.days() + " days after its day";
            case AMOUNT_DIFFERS -> "match " + flag.matchId() + ": payments and lines differ by " + flag.amount();
        };
        apply(flag, MetaData.from(EventMetadata.bySystem(why)));
    }

    /** Clears a flag if it is raised; {@code matchId} the match that settles its subject, or the undone match that differed. */
    private void unflagged(SettlementFlag flag, MatchedPayment payment, StatementLineId line, String matchId,
                           String reason, Instant at) {
        SettlementFlagRaised raised = flags.get(new SettlementFlagCleared(source, flag, payment, line, matchId, reason, at)
                .subject());
        if (raised != null) {
            apply(new SettlementFlagCleared(source, flag, raised.payment(), raised.lineId(), matchId, reason, at));
        }
    }

    /** The rules over every unmatched line, against the unsettled payments of the source's methods around them. */
    private Ran runRules(SettlementPayments payments, BranchCalendar calendar, Instant recordedAt) {
        List<Matching.Line> unmatched = new ArrayList<>();
        lines.forEach((id, line) -> {
            if (!lineMatch.containsKey(id)) {
                unmatched.add(new Matching.Line(id, line.day(), line.amount(), line.reference()));
            }
        });
        if (unmatched.isEmpty()) {
            return new Ran(lastSequence, 0, 0);
        }
        LocalDate first = unmatched.stream().map(Matching.Line::day).min(Comparator.naturalOrder()).orElseThrow();
        LocalDate last = unmatched.stream().map(Matching.Line::day).max(Comparator.naturalOrder()).orElseThrow();
        boolean refunds = unmatched.stream().anyMatch(line -> line.amount().isNegative());
        Map<String, SettlementPayments.Payment> found = new LinkedHashMap<>();
        payments.between(source.methods(), refunds, calendar.startOf(first.minusDays(Matching.DAYS_BEFORE)),
                calendar.startOf(last.plusDays(1))).forEach(p -> found.put(p.payment().key(), p));
        Set<String> words = new HashSet<>();
        unmatched.forEach(line -> words.addAll(Matching.words(line.reference())));
        payments.withReceipt(source.methods(), words).forEach(p -> found.putIfAbsent(p.payment().key(), p));
        List<Matching.Candidate> unsettled = found.values().stream()
                .filter(p -> !paymentMatch.containsKey(p.payment().key()))
                .map(p -> new Matching.Candidate(p.payment(), calendar.localDate(p.occurredAt()), p.receiptNo()))
                .toList();
        int matched = 0;
        int proposed = 0;
        for (Matching.Decision decision : Matching.decide(source, unmatched, unsettled, new Matching.Known() {
            @Override
            public boolean undone(MatchedPayment payment, StatementLineId line) {
                return undonePairs.contains(pair(payment, line));
            }

            @Override
            public boolean proposed(List<MatchedPayment> payments, List<StatementLineId> lines) {
                return proposals.values().stream().anyMatch(p -> keys(p.payments()).equals(keys(payments))
                        && Set.copyOf(p.lines()).equals(Set.copyOf(lines)));
            }
        })) {
            if (decision.certain()) {
                matched(new PaymentsMatched(source, nextMatchId(), decision.payments(), decision.lines(),
                        MatchKind.AUTOMATIC, null, decision.reason(), recordedAt));
                matched++;
            } else {
                apply(new MatchProposed(source, source.name() + "-P" + (proposals.size() + 1), decision.payments(),
                        decision.lines(), decision.reason(), recordedAt));
                proposed++;
            }
        }
        return new Ran(lastSequence, matched, proposed);
    }

    /** Match ids count the source's matches: the same on every instance, and they name the source. */
    private String nextMatchId() {
        return source.name() + "-M" + (matches.size() + 1);
    }

    private static Set<String> keys(List<MatchedPayment> payments) {
        return payments.stream().map(MatchedPayment::key).collect(Collectors.toSet());
    }

    private static String pair(MatchedPayment payment, StatementLineId line) {
        return payment.key() + "|" + line.value();
    }

    @EventSourcingHandler
    void on(StatementLineRecorded event, @SequenceNumber long sequence) {
        source = event.source();
        streamId = StatementId.of(event.source()).streamId();
        lines.put(event.lineId(), new Known(event.day(), event.amount(), event.reference()));
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(PaymentsMatched event, @SequenceNumber long sequence) {
        matches.put(event.matchId(), event);
        matchedAt.put(event.matchId(), sequence);
        event.lines().forEach(line -> lineMatch.put(line, event.matchId()));
        event.payments().forEach(payment -> paymentMatch.put(payment.key(), event.matchId()));
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(MatchProposed event, @SequenceNumber long sequence) {
        proposals.put(event.proposalId(), event);
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(MatchUndone event, @SequenceNumber long sequence) {
        PaymentsMatched match = matches.get(event.matchId());
        undone.put(event.matchId(), event);
        undoneAt.put(event.matchId(), sequence);
        match.lines().forEach(lineMatch::remove);
        match.payments().forEach(payment -> paymentMatch.remove(payment.key()));
        match.payments().forEach(payment -> match.lines().forEach(line -> undonePairs.add(pair(payment, line))));
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(SettlementFlagRaised event, @SequenceNumber long sequence) {
        // a payment's deadline may be the first event of a source no statement line was imported for yet
        source = event.source();
        streamId = StatementId.of(event.source()).streamId();
        flags.put(event.subject(), event);
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(SettlementFlagCleared event, @SequenceNumber long sequence) {
        flags.remove(event.subject());
        lastSequence = sequence;
    }
}
