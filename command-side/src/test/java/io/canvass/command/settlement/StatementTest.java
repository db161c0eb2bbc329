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
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentMethod;
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
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.hamcrest.Matchers.containsString;

/**
 * A statement records each line once, whatever file brings it again, never two figures under one
 * id; its rules match what is certain and propose the rest; finance matches, confirms and undoes.
 */
class StatementTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final String STREAM = StatementId.of(StatementSource.BANK).streamId();
    static final Instant FIRST_IMPORT = Instant.parse("2026-03-05T02:00:00Z");
    static final Instant SECOND_IMPORT = Instant.parse("2026-03-06T02:00:00Z");
    static final LocalDate DAY = LocalDate.parse("2026-03-02");

    /** The payments as the table would hold them. */
    final List<SettlementPayments.Payment> recorded = new ArrayList<>();
    private FixtureConfiguration<Statement> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Statement.class);
        fixture.registerInjectableResource(new BranchCalendar(Clock.fixed(FIRST_IMPORT, ZoneOffset.UTC), ZONE, 30, 30));
        fixture.registerInjectableResource(new SettlementPayments() {
            @Override
            public List<Payment> between(Set<PaymentMethod> methods, boolean refunds, Instant from, Instant to) {
                return recorded.stream().filter(p -> (methods.contains(p.method()) || refunds && p.method() == null)
                        && !p.occurredAt().isBefore(from) && p.occurredAt().isBefore(to)).toList();
            }

            @Override
            public List<Payment> withReceipt(Set<PaymentMethod> methods, Collection<String> receiptNos) {
                return recorded.stream().filter(p -> methods.contains(p.method()) && receiptNos.contains(p.receiptNo()))
                        .toList();
            }

            @Override
            public Optional<Payment> find(ContractId contractId, MatchedKind kind, PaymentId paymentId) {
                return recorded.stream().filter(p -> p.payment().key().equals(
                        new MatchedPayment(contractId, kind, paymentId, null).key())).findFirst();
            }
        });
    }

    /** A payment recorded at 10:00 local time on a day. */
    MatchedPayment paid(String id, PaymentMethod method, String day, String amount) {
        MatchedPayment payment = new MatchedPayment(new ContractId("c-" + id), MatchedKind.DEPOSIT, new PaymentId(id),
                Money.parse(amount));
        recorded.add(new SettlementPayments.Payment(payment, method,
                LocalDate.parse(day).atTime(10, 0).atZone(ZONE).toInstant(), "R-" + id));
        return payment;
    }

    static StatementLine line(int number, String id, String amount) {
        return new StatementLine(number, new StatementLineId(id), DAY, Money.parse(amount), "R-" + id);
    }

    static ImportStatement file(Instant at, StatementLine... lines) {
        return new ImportStatement(STREAM, StatementSource.BANK, "plain", "d1", List.of(lines), at);
    }

    static StatementLineRecorded recorded(String id, String amount, Instant at) {
        return new StatementLineRecorded(StatementSource.BANK, new StatementLineId(id), DAY,
                Money.parse(amount), "R-" + id, "plain", "d1", at);
    }

    static List<StatementLineId> lines(String... ids) {
        return java.util.Arrays.stream(ids).map(StatementLineId::new).toList();
    }

    @Test
    void each_line_of_a_first_file_is_recorded_and_a_refund_stays_negative() {
        fixture.givenNoPriorActivity()
                .when(file(FIRST_IMPORT, line(2, "S-1", "100.00"), line(3, "S-2", "-40.00")))
                .expectEvents(recorded("S-1", "100.00", FIRST_IMPORT), recorded("S-2", "-40.00", FIRST_IMPORT))
                .expectResultMessagePayload(new Imported(1, 2, 0, 0, 0));
    }

    @Test
    void the_same_file_again_records_nothing_new() {
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT), recorded("S-2", "-40.00", FIRST_IMPORT))
                .when(file(SECOND_IMPORT, line(2, "S-1", "100.00"), line(3, "S-2", "-40.00")))
                .expectNoEvents()
                .expectResultMessagePayload(new Imported(1, 0, 2, 0, 0));
    }

    @Test
    void a_file_overlapping_one_imported_before_records_only_its_new_lines() {
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT))
                .when(file(SECOND_IMPORT, line(2, "S-1", "100.00"), line(3, "S-3", "7.50")))
                .expectEvents(recorded("S-3", "7.50", SECOND_IMPORT))
                .expectResultMessagePayload(new Imported(1, 1, 1, 0, 0));
    }

    @Test
    void a_known_line_id_with_another_amount_refuses_the_whole_file_naming_the_line() {
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT))
                .when(file(SECOND_IMPORT, line(2, "S-9", "5.00"), line(3, "S-1", "101.00")))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectExceptionMessage(containsString("line 3: line id S-1 is recorded already with 2026-03-02 and 100.00"));
    }

    @Test
    void a_file_without_lines_is_refused() {
        fixture.givenNoPriorActivity()
                .when(file(FIRST_IMPORT))
                .expectNoEvents()
                .expectException(RuleViolation.class);
    }

    @Test
    void an_import_matches_the_certain_and_proposes_the_uncertain() {
        MatchedPayment only = paid("p1", PaymentMethod.BANK_TRANSFER, "2026-03-01", "100.00");
        MatchedPayment twinA = paid("p2", PaymentMethod.CARD, "2026-03-02", "70.00");
        MatchedPayment twinB = paid("p3", PaymentMethod.BANK_TRANSFER, "2026-03-02", "70.00");
        paid("p4", PaymentMethod.CASH, "2026-03-02", "55.00"); // cash lands on a slip, never on the bank's statement
        fixture.givenNoPriorActivity()
                .when(new ImportStatement(STREAM, StatementSource.BANK, "plain", "d1", List.of(line(2, "S-1", "100.00"),
                        line(3, "S-2", "70.00"), line(4, "S-3", "55.00")), FIRST_IMPORT))
                .expectEvents(recorded("S-1", "100.00", FIRST_IMPORT), recorded("S-2", "70.00", FIRST_IMPORT),
                        recorded("S-3", "55.00", FIRST_IMPORT),
                        new PaymentsMatched(StatementSource.BANK, "BANK-M1", List.of(only), lines("S-1"),
                                MatchKind.AUTOMATIC, null, "the only unsettled BANK payment of 100.00 from 2026-02-27"
                                + " to 2026-03-02, and the only line that could take it", FIRST_IMPORT),
                        new MatchProposed(StatementSource.BANK, "BANK-P1", List.of(twinA), lines("S-2"),
                                "a payment of 70.00 on 2026-03-02, one of 2 that could be this line", FIRST_IMPORT),
                        new MatchProposed(StatementSource.BANK, "BANK-P2", List.of(twinB), lines("S-2"),
                                "a payment of 70.00 on 2026-03-02, one of 2 that could be this line", FIRST_IMPORT))
                .expectResultMessagePayload(new Imported(5, 3, 0, 1, 2));
    }

    @Test
    void a_payment_synced_after_its_line_is_matched_when_the_rules_run_again_and_only_once() {
        MatchedPayment late = paid("p1", PaymentMethod.BANK_TRANSFER, "2026-03-02", "100.00");
        PaymentsMatched match = new PaymentsMatched(StatementSource.BANK, "BANK-M1", List.of(late), lines("S-1"),
                MatchKind.AUTOMATIC, null, "the only unsettled BANK payment of 100.00 from 2026-02-27 to 2026-03-02,"
                + " and the only line that could take it", SECOND_IMPORT);
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT))
                .when(new RunMatching(STREAM, SECOND_IMPORT))
                .expectEvents(match)
                .expectResultMessagePayload(new Ran(1, 1, 0));
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT), match)
                .when(new RunMatching(STREAM, SECOND_IMPORT))
                .expectNoEvents()
                .expectResultMessagePayload(new Ran(1, 0, 0));
    }

    @Test
    void finance_confirms_a_proposal_and_a_retry_is_answered_the_same() {
        MatchedPayment twin = paid("p2", PaymentMethod.CARD, "2026-03-02", "70.00");
        MatchProposed proposal = new MatchProposed(StatementSource.BANK, "BANK-P1", List.of(twin), lines("S-2"), "why",
                FIRST_IMPORT);
        PaymentsMatched confirmed = new PaymentsMatched(StatementSource.BANK, "BANK-M1", List.of(twin), lines("S-2"),
                MatchKind.CONFIRMED, "BANK-P1", "the customer's card slip", SECOND_IMPORT);
        MatchPayments confirm = new MatchPayments(STREAM, List.of(new MatchedPayment(twin.contractId(), twin.kind(),
                twin.paymentId(), null)), lines("S-2"), "the customer's card slip", SECOND_IMPORT);
        fixture.given(recorded("S-2", "70.00", FIRST_IMPORT), proposal)
                .when(confirm)
                .expectEvents(confirmed)
                .expectResultMessagePayload(new Matched(2, "BANK-M1"));
        fixture.given(recorded("S-2", "70.00", FIRST_IMPORT), proposal, confirmed)
                .when(confirm)
                .expectNoEvents()
                .expectResultMessagePayload(new Matched(2, "BANK-M1"));
    }

    @Test
    void finance_matches_several_payments_to_one_line_with_amounts_that_differ() {
        MatchedPayment a = paid("p1", PaymentMethod.BANK_TRANSFER, "2026-03-01", "60.00");
        MatchedPayment b = paid("p2", PaymentMethod.BANK_TRANSFER, "2026-03-01", "30.00");
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT))
                .when(new MatchPayments(STREAM, List.of(a, b), lines("S-1"), "one transfer for both", SECOND_IMPORT))
                .expectEvents(new PaymentsMatched(StatementSource.BANK, "BANK-M1", List.of(a, b), lines("S-1"),
                        MatchKind.MANUAL, null, "one transfer for both", SECOND_IMPORT),
                        new SettlementFlagRaised(StatementSource.BANK, SettlementFlag.AMOUNT_DIFFERS, null, null,
                                "BANK-M1", Money.parse("-10.00"), 0, SECOND_IMPORT));
    }

    @Test
    void a_match_is_refused_for_a_line_not_on_the_statement_a_matched_line_a_settled_or_foreign_payment() {
        MatchedPayment settled = paid("p1", PaymentMethod.BANK_TRANSFER, "2026-03-01", "100.00");
        MatchedPayment cash = paid("p2", PaymentMethod.CASH, "2026-03-01", "100.00");
        MatchedPayment unknown = new MatchedPayment(new ContractId("c-x"), MatchedKind.BALANCE, new PaymentId("x"), null);
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT), recorded("S-2", "100.00", FIRST_IMPORT),
                        new PaymentsMatched(StatementSource.BANK, "BANK-M1", List.of(settled), lines("S-1"),
                                MatchKind.AUTOMATIC, null, "rule", FIRST_IMPORT))
                .when(new MatchPayments(STREAM, List.of(settled, cash, unknown), lines("S-1", "S-9"), "why", SECOND_IMPORT))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectExceptionMessage(org.hamcrest.Matchers.allOf(
                        containsString("line S-1 is matched already (BANK-M1)"),
                        containsString("line S-9 is not on the BANK statement"),
                        containsString("payment p1 of contract c-p1 is settled already (BANK-M1)"),
                        containsString("payment p2 of contract c-p2 was paid by CASH, which the BANK statement does not show"),
                        containsString("payment x of contract c-x is not recorded")));
    }

    @Test
    void an_undone_match_frees_its_payment_and_line_and_the_rules_only_propose_it_again() {
        MatchedPayment only = paid("p1", PaymentMethod.BANK_TRANSFER, "2026-03-02", "100.00");
        PaymentsMatched match = new PaymentsMatched(StatementSource.BANK, "BANK-M1", List.of(only), lines("S-1"),
                MatchKind.AUTOMATIC, null, "rule", FIRST_IMPORT);
        MatchUndone undone = new MatchUndone(StatementSource.BANK, "BANK-M1", List.of(only), lines("S-1"),
                "another customer's transfer", SECOND_IMPORT);
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT), match)
                .when(new UndoMatch(STREAM, "BANK-M1", "another customer's transfer", SECOND_IMPORT))
                .expectEvents(undone)
                .expectResultMessagePayload(new Matched(2, "BANK-M1"));
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT), match, undone)
                .when(new RunMatching(STREAM, SECOND_IMPORT))
                .expectEvents(new MatchProposed(StatementSource.BANK, "BANK-P1", List.of(only), lines("S-1"),
                        "a payment of 100.00 on 2026-03-02, but another line could take it or it was undone",
                        SECOND_IMPORT));
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT), match, undone)
                .when(new UndoMatch(STREAM, "BANK-M1", "another customer's transfer", SECOND_IMPORT))
                .expectNoEvents()
                .expectResultMessagePayload(new Matched(2, "BANK-M1"));
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT), match, undone)
                .when(new UndoMatch(STREAM, "BANK-M1", "other words", SECOND_IMPORT))
                .expectException(RuleViolation.class);
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT))
                .when(new UndoMatch(STREAM, "BANK-M7", "why", SECOND_IMPORT))
                .expectException(AggregateNotFoundException.class);
    }

    // --- settlement flags (docs/finance.md, "Flags"): recorded here when they fall due, cleared by a match

    /** 7 days after 2026-03-02 in Asia/Shanghai: the start of 2026-03-09. */
    static final Instant DUE = Instant.parse("2026-03-08T16:00:00Z");
    static final Instant AFTER_DUE = Instant.parse("2026-03-10T02:00:00Z");

    static SettlementFlagRaised unknownReceipt(String line, String amount, Instant at) {
        return new SettlementFlagRaised(StatementSource.BANK, SettlementFlag.UNKNOWN_RECEIPT, null,
                new StatementLineId(line), null, Money.parse(amount), 7, at);
    }

    static SettlementFlagRaised unsettled(MatchedPayment payment, Instant at) {
        return new SettlementFlagRaised(StatementSource.BANK, SettlementFlag.UNSETTLED, payment, null, null,
                payment.amount(), 7, at);
    }

    @Test
    void a_line_unmatched_7_days_after_its_day_is_flagged_when_due_and_not_before() {
        fixture.givenNoPriorActivity()
                .andGivenCommands(file(FIRST_IMPORT, line(2, "S-1", "100.00")))
                .whenTimeAdvancesTo(DUE.minusSeconds(1))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .andGivenCommands(file(FIRST_IMPORT, line(2, "S-1", "100.00")))
                .whenTimeAdvancesTo(DUE)
                .expectEvents(unknownReceipt("S-1", "100.00", DUE));
    }

    @Test
    void a_line_matched_before_its_deadline_is_never_flagged() {
        paid("p1", PaymentMethod.BANK_TRANSFER, "2026-03-02", "100.00");
        fixture.givenNoPriorActivity()
                .andGivenCommands(file(FIRST_IMPORT, line(2, "S-1", "100.00")))
                .whenTimeAdvancesTo(DUE.plusSeconds(60))
                .expectNoEvents();
    }

    @Test
    void a_match_clears_its_flags_a_differing_amount_is_flagged_and_an_undo_flags_what_is_due_again() {
        MatchedPayment payment = paid("p1", PaymentMethod.BANK_TRANSFER, "2026-03-02", "100.00");
        PaymentsMatched match = new PaymentsMatched(StatementSource.BANK, "BANK-M1", List.of(payment), lines("S-1"),
                MatchKind.MANUAL, null, "the customer paid less", AFTER_DUE);
        SettlementFlagRaised differs = new SettlementFlagRaised(StatementSource.BANK, SettlementFlag.AMOUNT_DIFFERS,
                null, null, "BANK-M1", Money.parse("10.00"), 0, AFTER_DUE);
        fixture.given(recorded("S-1", "90.00", FIRST_IMPORT), unknownReceipt("S-1", "90.00", DUE),
                        unsettled(payment, DUE))
                .when(new MatchPayments(STREAM, List.of(payment), lines("S-1"), "the customer paid less", AFTER_DUE))
                .expectEvents(match,
                        new SettlementFlagCleared(StatementSource.BANK, SettlementFlag.UNSETTLED, payment, null, "BANK-M1",
                                "matched by BANK-M1", AFTER_DUE),
                        new SettlementFlagCleared(StatementSource.BANK, SettlementFlag.UNKNOWN_RECEIPT, null,
                                new StatementLineId("S-1"), "BANK-M1", "matched by BANK-M1", AFTER_DUE),
                        differs);
        Instant later = AFTER_DUE.plusSeconds(3600);
        fixture.given(recorded("S-1", "90.00", FIRST_IMPORT), match, differs)
                .when(new UndoMatch(STREAM, "BANK-M1", "wrong customer", later))
                .expectEvents(new MatchUndone(StatementSource.BANK, "BANK-M1", List.of(payment), lines("S-1"),
                                "wrong customer", later),
                        new SettlementFlagCleared(StatementSource.BANK, SettlementFlag.AMOUNT_DIFFERS, null, null,
                                "BANK-M1", "match BANK-M1 undone: wrong customer", later),
                        unsettled(payment, later), unknownReceipt("S-1", "90.00", later));
    }

    @Test
    void an_automatic_or_equal_match_is_never_amount_differs() {
        MatchedPayment payment = paid("p1", PaymentMethod.BANK_TRANSFER, "2026-03-02", "100.00");
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT))
                .when(new MatchPayments(STREAM, List.of(payment), lines("S-1"), "same amount", SECOND_IMPORT))
                .expectEvents(new PaymentsMatched(StatementSource.BANK, "BANK-M1", List.of(payment), lines("S-1"),
                        MatchKind.MANUAL, null, "same amount", SECOND_IMPORT));
    }
}
