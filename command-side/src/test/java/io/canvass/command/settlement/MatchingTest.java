package io.canvass.command.settlement;

import io.canvass.command.settlement.Matching.Candidate;
import io.canvass.command.settlement.Matching.Decision;
import io.canvass.command.settlement.Matching.Line;
import io.canvass.events.Money;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.events.settlement.MatchedPayment;
import io.canvass.events.settlement.StatementLineId;
import io.canvass.events.settlement.StatementSource;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Each matching rule of docs/domain.md ("Money arrives: settlement"), kept and broken. */
class MatchingTest {

    static final Matching.Known NOTHING = new Matching.Known() {
        @Override
        public boolean undone(MatchedPayment payment, StatementLineId line) {
            return false;
        }

        @Override
        public boolean proposed(List<MatchedPayment> payments, List<StatementLineId> lines) {
            return false;
        }
    };

    static Line line(String id, String day, String amount, String reference) {
        return new Line(new StatementLineId(id), LocalDate.parse(day), Money.parse(amount), reference);
    }

    static Candidate paid(String id, String day, String amount) {
        return new Candidate(payment(id, amount), LocalDate.parse(day), "R-" + id);
    }

    static MatchedPayment payment(String id, String amount) {
        return new MatchedPayment(new ContractId("c-" + id), MatchedKind.DEPOSIT, new PaymentId(id), Money.parse(amount));
    }

    static Candidate refund(String contract, String day, String amount) {
        return new Candidate(new MatchedPayment(new ContractId(contract), MatchedKind.REFUND, null, Money.parse(amount)),
                LocalDate.parse(day), null);
    }

    static List<Decision> decide(StatementSource source, List<Line> lines, List<Candidate> payments) {
        return Matching.decide(source, lines, payments, NOTHING);
    }

    @Test
    void the_only_payment_of_the_amount_within_three_days_before_is_matched_automatically() {
        List<Decision> decisions = decide(StatementSource.BANK, List.of(line("L1", "2026-03-05", "100.00", "")),
                List.of(paid("p1", "2026-03-02", "100.00"), paid("p2", "2026-03-05", "99.00")));
        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.certain()).isTrue();
            assertThat(d.payments()).containsExactly(payment("p1", "100.00"));
            assertThat(d.reason()).contains("the only unsettled BANK payment of 100.00 from 2026-03-02 to 2026-03-05");
        });
    }

    @Test
    void a_payment_four_days_before_or_after_the_line_is_not_a_candidate() {
        assertThat(decide(StatementSource.BANK, List.of(line("L1", "2026-03-05", "100.00", "")),
                List.of(paid("p1", "2026-03-01", "100.00"), paid("p2", "2026-03-06", "100.00")))).isEmpty();
    }

    @Test
    void two_payments_that_could_be_the_line_are_proposals_not_a_match() {
        List<Decision> decisions = decide(StatementSource.BANK, List.of(line("L1", "2026-03-05", "100.00", "")),
                List.of(paid("p1", "2026-03-04", "100.00"), paid("p2", "2026-03-05", "100.00")));
        assertThat(decisions).hasSize(2).allSatisfy(d -> assertThat(d.certain()).isFalse());
        assertThat(decisions.get(0).reason()).contains("one of 2 that could be this line");
    }

    @Test
    void a_payment_that_another_line_could_take_is_proposed_to_both() {
        List<Decision> decisions = decide(StatementSource.BANK, List.of(line("L1", "2026-03-05", "100.00", ""),
                line("L2", "2026-03-06", "100.00", "")), List.of(paid("p1", "2026-03-04", "100.00")));
        assertThat(decisions).hasSize(2).allSatisfy(d -> assertThat(d.certain()).isFalse());
    }

    @Test
    void a_receipt_number_in_the_reference_makes_the_match_certain_among_equal_amounts() {
        List<Decision> decisions = decide(StatementSource.BANK, List.of(line("L1", "2026-03-05", "100.00",
                "transfer for R-p2, thanks")), List.of(paid("p1", "2026-03-04", "100.00"), paid("p2", "2026-03-05",
                "100.00")));
        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.certain()).isTrue();
            assertThat(d.payments()).containsExactly(payment("p2", "100.00"));
            assertThat(d.reason()).contains("receipt R-p2");
        });
    }

    @Test
    void a_receipt_number_with_another_amount_is_only_a_proposal_and_only_as_a_whole_word() {
        assertThat(decide(StatementSource.BANK, List.of(line("L1", "2026-03-05", "100.00", "R-p1")),
                List.of(paid("p1", "2026-03-05", "90.00")))).isEmpty();
        assertThat(decide(StatementSource.BANK, List.of(line("L1", "2026-03-05", "100.00", "XR-p1")),
                List.of(paid("p1", "2026-03-05", "100.00")))).singleElement()
                .satisfies(d -> assertThat(d.reason()).doesNotContain("receipt"));
    }

    @Test
    void an_undone_pair_is_never_matched_again_by_the_rules_but_proposed() {
        List<Decision> decisions = Matching.decide(StatementSource.BANK, List.of(line("L1", "2026-03-05", "100.00",
                "R-p1")), List.of(paid("p1", "2026-03-05", "100.00")), new Matching.Known() {
            @Override
            public boolean undone(MatchedPayment payment, StatementLineId line) {
                return true;
            }

            @Override
            public boolean proposed(List<MatchedPayment> payments, List<StatementLineId> lines) {
                return false;
            }
        });
        assertThat(decisions).singleElement().satisfies(d -> assertThat(d.certain()).isFalse());
    }

    @Test
    void a_pair_proposed_before_is_not_proposed_again() {
        List<Decision> decisions = Matching.decide(StatementSource.BANK, List.of(line("L1", "2026-03-05", "100.00", ""),
                line("L2", "2026-03-05", "100.00", "")), List.of(paid("p1", "2026-03-05", "100.00")), new Matching.Known() {
            @Override
            public boolean undone(MatchedPayment payment, StatementLineId line) {
                return false;
            }

            @Override
            public boolean proposed(List<MatchedPayment> payments, List<StatementLineId> lines) {
                return lines.equals(List.of(new StatementLineId("L1")));
            }
        });
        assertThat(decisions).singleElement().satisfies(d -> assertThat(d.lines()).containsExactly(new StatementLineId("L2")));
    }

    @Test
    void a_cash_slip_is_proposed_the_days_receipts_that_add_up_to_it() {
        List<Decision> decisions = decide(StatementSource.CASH_SLIP, List.of(line("S1", "2026-03-05", "450.00", "")),
                List.of(paid("p1", "2026-03-05", "200.00"), paid("p2", "2026-03-05", "250.00"),
                        paid("p3", "2026-03-04", "70.00")));
        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.certain()).isFalse();
            assertThat(d.payments()).containsExactly(payment("p1", "200.00"), payment("p2", "250.00"));
            assertThat(d.reason()).contains("add up to the slip's 450.00");
        });
        assertThat(decide(StatementSource.CASH_SLIP, List.of(line("S1", "2026-03-05", "451.00", "")),
                List.of(paid("p1", "2026-03-05", "200.00"), paid("p2", "2026-03-05", "250.00")))).isEmpty();
    }

    @Test
    void a_negative_line_is_proposed_a_refund_of_its_amount_never_matched_by_itself() {
        List<Decision> decisions = decide(StatementSource.BANK, List.of(line("L1", "2026-03-05", "-400.00", "")),
                List.of(refund("c-9", "2026-03-04", "-400.00"), paid("p1", "2026-03-04", "400.00")));
        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.certain()).isFalse();
            assertThat(d.payments().get(0).kind()).isEqualTo(MatchedKind.REFUND);
        });
    }

    @Test
    void one_payment_is_matched_once_even_when_two_lines_name_its_receipt() {
        List<Decision> decisions = decide(StatementSource.BANK, List.of(line("L1", "2026-03-05", "100.00", "R-p1"),
                line("L2", "2026-03-06", "100.00", "R-p1")), List.of(paid("p1", "2026-03-05", "100.00")));
        assertThat(decisions.stream().filter(Decision::certain).count()).isEqualTo(1);
        assertThat(Set.copyOf(decisions.stream().filter(Decision::certain).flatMap(d -> d.lines().stream()).toList()))
                .containsExactly(new StatementLineId("L1"));
    }
}
