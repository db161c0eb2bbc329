package io.canvass.command.settlement;

import io.canvass.events.Money;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.events.settlement.MatchedPayment;
import io.canvass.events.settlement.StatementLineId;
import io.canvass.events.settlement.StatementSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The matching rules of docs/domain.md ("Money arrives: settlement"), made exact in docs/finance.md
 * ("Matching"): from a statement's unmatched lines and the payments not settled yet, what the rules
 * match by themselves and what they propose. A function of its input alone, taken in a fixed order,
 * so that the same store gives the same matches on every command side.
 */
final class Matching {

    /** A payment may be paid in up to this many days before the line that shows it. */
    static final int DAYS_BEFORE = 3;

    private static final Pattern WORDS = Pattern.compile("[\\s,;:，；：()（）\\[\\]/]+");

    /** An unmatched statement line. */
    record Line(StatementLineId lineId, LocalDate day, Money amount, String reference) {
    }

    /** A payment not settled yet, with its local day and receipt number. */
    record Candidate(MatchedPayment payment, LocalDate day, String receiptNo) {
    }

    /** What the rules decide: a match ({@code certain}) or a proposal, and why. */
    record Decision(boolean certain, List<MatchedPayment> payments, List<StatementLineId> lines, String reason) {
    }

    /** Whether a pair was undone by finance (the rules never make it again) or proposed already. */
    interface Known {
        boolean undone(MatchedPayment payment, StatementLineId line);

        boolean proposed(List<MatchedPayment> payments, List<StatementLineId> lines);
    }

    private Matching() {
    }

    /** The receipt-number-like words of a reference. */
    static Set<String> words(String reference) {
        Set<String> words = new HashSet<>(Arrays.asList(WORDS.split(reference)));
        words.remove("");
        return words;
    }

    static List<Decision> decide(StatementSource source, List<Line> unmatched, List<Candidate> unsettled, Known known) {
        List<Line> lines = unmatched.stream()
                .sorted(Comparator.comparing(Line::day).thenComparing(l -> l.lineId().value())).toList();
        List<Candidate> payments = unsettled.stream().sorted(Comparator.comparing(Candidate::day)
                .thenComparing(c -> c.payment().key())).toList();
        Set<String> settled = new HashSet<>();
        Set<StatementLineId> matched = new HashSet<>();
        List<Decision> decisions = new ArrayList<>();
        for (Line line : lines) {
            boolean refund = line.amount().isNegative();
            List<Candidate> open = payments.stream().filter(c -> !settled.contains(c.payment().key()))
                    .filter(c -> (c.payment().kind() == MatchedKind.REFUND) == refund).toList();
            if (!refund) {
                Set<String> words = words(line.reference());
                List<Candidate> byReceipt = open.stream().filter(c -> c.receiptNo() != null
                        && words.contains(c.receiptNo())).toList();
                if (byReceipt.size() == 1 && byReceipt.get(0).payment().amount().equals(line.amount())
                        && !known.undone(byReceipt.get(0).payment(), line.lineId())) {
                    Candidate certain = byReceipt.get(0);
                    decisions.add(new Decision(true, List.of(certain.payment()), List.of(line.lineId()),
                            "receipt " + certain.receiptNo() + " of " + certain.payment().amount()
                                    + " is in the line's reference"));
                    settled.add(certain.payment().key());
                    matched.add(line.lineId());
                    continue;
                }
            }
            List<Candidate> sameAmount = open.stream().filter(c -> c.payment().amount().equals(line.amount())
                    && within(c.day(), line.day())).toList();
            if (!refund && sameAmount.size() == 1) {
                Candidate only = sameAmount.get(0);
                boolean anotherLine = lines.stream().anyMatch(other -> !other.equals(line)
                        && !matched.contains(other.lineId()) && other.amount().equals(only.payment().amount())
                        && within(only.day(), other.day()));
                if (!anotherLine && !known.undone(only.payment(), line.lineId())) {
                    decisions.add(new Decision(true, List.of(only.payment()), List.of(line.lineId()),
                            "the only unsettled " + source + " payment of " + line.amount() + " from "
                                    + line.day().minusDays(DAYS_BEFORE) + " to " + line.day()
                                    + ", and the only line that could take it"));
                    settled.add(only.payment().key());
                    matched.add(line.lineId());
                    continue;
                }
            }
            for (Candidate candidate : sameAmount) {
                propose(decisions, known, List.of(candidate.payment()), line, (refund ? "a refund" : "a payment")
                        + " of " + line.amount() + " on " + candidate.day() + ", "
                        + (sameAmount.size() == 1 ? "but another line could take it or it was undone"
                        : "one of " + sameAmount.size() + " that could be this line"));
            }
            if (sameAmount.isEmpty() && source == StatementSource.CASH_SLIP && !refund) {
                proposeSlip(decisions, known, open, line);
            }
        }
        return decisions;
    }

    /** A cash slip pays in several receipts: those of its day, or else of its window, if they add up to it exactly. */
    private static void proposeSlip(List<Decision> decisions, Known known, List<Candidate> open, Line line) {
        List<Candidate> sameDay = open.stream().filter(c -> c.day().equals(line.day())).toList();
        List<Candidate> window = open.stream().filter(c -> within(c.day(), line.day())).toList();
        for (List<Candidate> receipts : List.of(sameDay, window)) {
            if (receipts.size() > 1 && sum(receipts).equals(line.amount())) {
                propose(decisions, known, receipts.stream().map(Candidate::payment).toList(), line,
                        "the " + receipts.size() + " unsettled cash receipts of " + receipts.get(0).day() + " to "
                                + receipts.get(receipts.size() - 1).day() + " add up to the slip's " + line.amount());
                return;
            }
        }
    }

    private static void propose(List<Decision> decisions, Known known, List<MatchedPayment> payments, Line line,
                                String reason) {
        if (!known.proposed(payments, List.of(line.lineId()))) {
            decisions.add(new Decision(false, payments, List.of(line.lineId()), reason));
        }
    }

    private static Money sum(List<Candidate> candidates) {
        return candidates.stream().map(c -> c.payment().amount()).reduce(Money.ZERO, Money::plus);
    }

    /** Whether a payment of {@code paid} can be on a line of {@code day}: that day or up to 3 days before. */
    static boolean within(LocalDate paid, LocalDate day) {
        return !paid.isAfter(day) && !paid.isBefore(day.minusDays(DAYS_BEFORE));
    }
}
