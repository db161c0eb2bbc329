package io.canvass.query.reconciliation;

import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.contract.BalanceBecameOverdue;
import io.canvass.events.contract.BalanceCollected;
import io.canvass.events.contract.DepositBecameIdle;
import io.canvass.events.contract.DepositIdleCleared;
import io.canvass.events.contract.ContractCancelled;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.contract.ContractStatus;
import io.canvass.events.contract.DepositCollected;
import io.canvass.events.contract.InstallationId;
import io.canvass.events.contract.PaymentCorrected;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentKind;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.contract.UnitsInstalled;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.reconciliation.ReconciliationLines.Line;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A contract's line and its flags, from its ledger alone: BALANCE_OVERDUE and DEPOSIT_IDLE as its
 * deadlines recorded them (docs/finance.md, "Flags"), the others from its figures.
 */
class ReconciliationLinesTest {

    static final ContractId C = new ContractId("c-1");
    final ReconciliationLines lines = new ReconciliationLines(new CanvassSettings(null, null, null, null, null));

    /** 2 units at 1,000.00, 500.00 deposit required, signed 2 March 2026 (Shanghai). */
    static ContractLedger ledger(Object... later) {
        ContractLedger ledger = ContractLedger.signed(new ContractSigned(C, new ProspectId("p-1"), Channel.HAIR_SALON,
                new DistrictId("d-1"), new StreetId("s-1"), new UserId("sales1"), ContractKind.SALE, 2,
                Money.parse("1000.00"), Money.parse("500.00"), at("2026-03-02")), 0, 0, at("2026-03-02"));
        for (int i = 0; i < later.length; i++) {
            ledger = ledger.with(later[i], i + 1, i + 1, at("2026-06-01"));
        }
        return ledger;
    }

    static Instant at(String day) {
        return Instant.parse(day + "T02:00:00Z");
    }

    static DepositCollected deposit(String id, String amount, String day) {
        return new DepositCollected(C, new PaymentId(id), Money.parse(amount), PaymentMethod.CASH, "R-" + id, at(day));
    }

    static BalanceCollected balance(String id, String amount, String day) {
        return new BalanceCollected(C, new PaymentId(id), Money.parse(amount), PaymentMethod.CASH, "R-" + id, at(day));
    }

    static UnitsInstalled installed(int units, String day) {
        return new UnitsInstalled(C, new InstallationId("i-" + day), units, new UserId("installer"), "D-" + day, at(day));
    }

    Line line(ContractLedger ledger, String date) {
        return lines.asOf(ledger, LocalDate.parse(date)).orElseThrow();
    }

    /** The start of 2026-04-03 in Shanghai, when a deposit of 3 March is idle: what its deadline records. */
    static final Instant IDLE_DUE = Instant.parse("2026-04-02T16:00:00Z");

    @Test
    void a_deposit_is_idle_from_the_moment_its_deadline_recorded() {
        ContractLedger ledger = ledger(deposit("d", "500.00", "2026-03-03"),
                new DepositBecameIdle(C, Money.parse("500.00"), 30, IDLE_DUE));
        assertThat(line(ledger, "2026-04-02").flags()).as("30 days").isEmpty();
        assertThat(line(ledger, "2026-04-03").flags()).as("31 days").containsExactly(ReconciliationLines.DEPOSIT_IDLE);
    }

    @Test
    void no_flag_is_worked_out_here_without_the_deadline_that_records_it() {
        ContractLedger idleLong = ledger(deposit("d", "500.00", "2026-03-03"));
        assertThat(line(idleLong, "2026-06-01").flags()).isEmpty();
        ContractLedger owingLong = ledger(deposit("d", "500.00", "2026-03-03"), installed(2, "2026-03-04"));
        assertThat(line(owingLong, "2026-06-01").flags()).isEmpty();
    }

    @Test
    void an_installation_ends_an_idle_deposit() {
        ContractLedger ledger = ledger(deposit("d", "500.00", "2026-03-03"),
                new DepositBecameIdle(C, Money.parse("500.00"), 30, IDLE_DUE), installed(1, "2026-04-10"),
                new DepositIdleCleared(C, "units installed", at("2026-04-10")));
        assertThat(line(ledger, "2026-04-09").flags()).containsExactly(ReconciliationLines.DEPOSIT_IDLE);
        assertThat(line(ledger, "2026-04-10").flags()).isEmpty();
    }

    @Test
    void a_cancelled_contract_holds_no_idle_deposit() {
        ContractLedger ledger = ledger(deposit("d", "500.00", "2026-03-03"),
                new ContractCancelled(C, "closed", Money.parse("500.00"), at("2026-03-10")));
        assertThat(line(ledger, "2026-05-01").flags()).isEmpty();
    }

    @Test
    void more_collected_than_the_contract_is_worth_is_flagged() {
        // the rules refuse this; a store changed behind the application's back can still hold it
        ContractLedger ledger = ledger(deposit("d", "500.00", "2026-03-03"), installed(2, "2026-03-04"),
                balance("b1", "1500.00", "2026-03-05"), balance("b2", "0.01", "2026-03-06"));
        assertThat(line(ledger, "2026-03-05").flags()).isEmpty();
        assertThat(line(ledger, "2026-03-06").flags()).containsExactly(ReconciliationLines.OVER_COLLECTED);
    }

    @Test
    void a_cancelled_contract_still_holding_money_is_flagged() {
        ContractLedger refundedInPart = ledger(deposit("d", "500.00", "2026-03-03"),
                new ContractCancelled(C, "closed", Money.parse("400.00"), at("2026-03-10")));
        assertThat(line(refundedInPart, "2026-03-09").flags()).isEmpty();
        Line cancelled = line(refundedInPart, "2026-03-10");
        assertThat(cancelled.flags()).containsExactly(ReconciliationLines.MONEY_ON_CANCELLED);
        assertThat(cancelled.live()).isFalse();

        ContractLedger refunded = ledger(deposit("d", "500.00", "2026-03-03"),
                new ContractCancelled(C, "closed", Money.parse("500.00"), at("2026-03-10")));
        assertThat(line(refunded, "2026-03-10").flags()).isEmpty();
    }

    @Test
    void installed_units_with_money_outstanding_are_overdue_from_the_moment_their_deadline_recorded() {
        ContractLedger ledger = ledger(deposit("d", "500.00", "2026-03-03"), installed(2, "2026-03-04"),
                new BalanceBecameOverdue(C, Money.parse("1500.00"), 30, Instant.parse("2026-04-03T16:00:00Z")));
        assertThat(line(ledger, "2026-04-03").flags()).isEmpty();
        assertThat(line(ledger, "2026-04-04").flags()).containsExactly(ReconciliationLines.BALANCE_OVERDUE);
    }

    @Test
    void a_corrected_payment_counts_at_its_corrected_amount_on_its_own_day() {
        ContractLedger ledger = ledger(deposit("d", "500.00", "2026-03-30"),
                new PaymentCorrected(C, "fix", new PaymentId("d"), PaymentKind.DEPOSIT, Money.parse("500.00"),
                        Money.parse("450.00"), "receipt says 450", at("2026-04-02")));
        assertThat(line(ledger, "2026-03-29").depositCollected()).isEqualTo(Money.ZERO);
        Line march = line(ledger, "2026-03-31");
        assertThat(march.depositCollected()).isEqualTo(Money.parse("450.00"));
        assertThat(march.status()).isEqualTo(ContractStatus.SIGNED);
        assertThat(march.outstanding()).isEqualTo(Money.parse("1550.00"));
    }

    @Test
    void a_line_of_a_contract_signed_later_does_not_exist() {
        assertThat(lines.asOf(ledger(), LocalDate.parse("2026-03-01"))).isEmpty();
    }
}
