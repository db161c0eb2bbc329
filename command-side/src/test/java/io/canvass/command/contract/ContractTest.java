package io.canvass.command.contract;

import io.canvass.command.platform.BranchCalendar;
import io.canvass.command.platform.RuleViolation;
import io.canvass.command.platform.Streams;
import io.canvass.command.prospect.ProspectDirectory;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.contract.BalanceCollected;
import io.canvass.events.contract.DepositIdleCleared;
import io.canvass.events.contract.DepositBecameIdle;
import io.canvass.events.contract.BalanceOverdueCleared;
import io.canvass.events.contract.BalanceBecameOverdue;
import io.canvass.events.contract.ContractCancelled;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.ContractSigned;
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
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

class ContractTest {

    static final ContractId C1 = new ContractId("c-1");
    static final ProspectId P1 = new ProspectId("p-1");
    static final UserId SALES1 = new UserId("sales1");
    static final UserId INSTALLER = new UserId("installer");
    static final Instant T0 = Instant.parse("2026-03-01T17:30:00Z");
    static final Instant T1 = T0.plusSeconds(3600);
    static final Instant T2 = T0.plusSeconds(7200);
    static final Instant T3 = T0.plusSeconds(10800);

    /**
     * The branch's calendar on a clock standing at the first signing, with the 30-day thresholds of
     * docs/domain.md#follow-ups.
     */
    static final BranchCalendar CALENDAR = new BranchCalendar(Clock.fixed(T0, ZoneOffset.UTC),
            ZoneId.of("Asia/Shanghai"), 30, 30);

    private FixtureConfiguration<Contract> fixture;
    private final Map<ProspectId, ProspectDirectory.Place> prospects = new HashMap<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Contract.class);
        fixture.registerInjectableResource(CALENDAR);
        fixture.registerInjectableResource(ContractCampaigns.NONE);
        ignoreStatementDeadlines(fixture);
        fixture.registerAnnotatedCommandHandler(new ContractCommandHandler(fixture.getRepository(),
                id -> Optional.ofNullable(prospects.get(id)), streamsOf(fixture), ContractCampaigns.NONE, CALENDAR));
        prospects.put(P1, new ProspectDirectory.Place(Channel.HAIR_SALON, new DistrictId("d-1"), new StreetId("s-1")));
    }

    /**
     * A payment's UNSETTLED deadline fires in its statement (StatementTest), but the fixture hands
     * every deadline to the contract: it is left out here.
     */
    static void ignoreStatementDeadlines(FixtureConfiguration<Contract> fixture) {
        fixture.registerDeadlineHandlerInterceptor((unitOfWork, chain) ->
                "payment-unsettled".equals(unitOfWork.getMessage().getDeadlineName()) ? null : chain.proceed());
    }

    /** 2 units at 1,000.00 with 400.00 deposit required: contract value 2,000.00. */
    static ContractSigned signed(int units, String price, String deposit) {
        return new ContractSigned(C1, P1, Channel.HAIR_SALON, new DistrictId("d-1"), new StreetId("s-1"), SALES1,
                ContractKind.SALE, units, Money.parse(price), Money.parse(deposit), T0);
    }

    static ContractSigned signed() {
        return signed(2, "1000.00", "400.00");
    }

    static SignContract sign(int units, String price, String deposit) {
        return new SignContract(C1, P1, SALES1, ContractKind.SALE, units, Money.parse(price), Money.parse(deposit), T0);
    }

    static CollectDeposit deposit(String paymentId, String amount) {
        return new CollectDeposit(C1, new PaymentId(paymentId), Money.parse(amount), PaymentMethod.CASH, "R-" + paymentId, T1);
    }

    static DepositCollected deposited(String paymentId, String amount) {
        return new DepositCollected(C1, new PaymentId(paymentId), Money.parse(amount), PaymentMethod.CASH, "R-" + paymentId, T1);
    }

    static InstallUnits install(String installationId, int units) {
        return new InstallUnits(C1, new InstallationId(installationId), units, INSTALLER, "D-" + installationId, T2);
    }

    static UnitsInstalled installed(String installationId, int units) {
        return new UnitsInstalled(C1, new InstallationId(installationId), units, INSTALLER, "D-" + installationId, T2);
    }

    static CollectBalance balance(String paymentId, String amount) {
        return new CollectBalance(C1, new PaymentId(paymentId), Money.parse(amount), PaymentMethod.WECHAT_PAY, "R-" + paymentId, T3);
    }

    static BalanceCollected balanceCollected(String paymentId, String amount) {
        return new BalanceCollected(C1, new PaymentId(paymentId), Money.parse(amount), PaymentMethod.WECHAT_PAY, "R-" + paymentId, T3);
    }

    // --- signing

    @Test
    void contract_is_signed_for_a_recorded_prospect_with_its_channel_and_place() {
        fixture.givenNoPriorActivity()
                .when(sign(2, "1000.00", "400.00"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(signed())
                .expectResultMessagePayload(0L);
    }

    @Test
    void signing_is_refused_for_a_prospect_that_is_not_recorded() {
        prospects.clear();
        fixture.givenNoPriorActivity()
                .when(sign(2, "1000.00", "400.00"))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("prospect p-1 is not recorded")
                .expectNoEvents();
    }

    @Test
    void signing_is_refused_for_less_than_one_unit() {
        fixture.givenNoPriorActivity()
                .when(sign(0, "1000.00", "0.00"))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void signing_is_refused_for_a_unit_price_that_is_not_positive() {
        fixture.givenNoPriorActivity()
                .when(sign(2, "0.00", "0.00"))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("the unit price must be positive")
                .expectNoEvents();
    }

    @Test
    void signing_is_refused_when_the_deposit_required_exceeds_the_contract_value() {
        fixture.givenNoPriorActivity()
                .when(sign(2, "1000.00", "2000.01"))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void signing_is_refused_when_the_deposit_required_is_negative() {
        fixture.givenNoPriorActivity()
                .when(sign(2, "1000.00", "-0.01"))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_deposit_required_equal_to_the_contract_value_is_accepted() {
        fixture.givenNoPriorActivity()
                .when(sign(2, "1000.00", "2000.00"))
                .expectEvents(signed(2, "1000.00", "2000.00"));
    }

    @Test
    void the_same_signing_sent_twice_is_recorded_once() {
        fixture.given(signed())
                .when(sign(2, "1000.00", "400.00"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(0L);
    }

    @Test
    void the_same_contract_id_with_other_terms_is_refused() {
        fixture.given(signed())
                .when(sign(3, "1000.00", "400.00"))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    // --- deposits

    @Test
    void deposits_are_collected_up_to_what_the_contract_requires() {
        fixture.given(signed(), deposited("pay-1", "150.00"))
                .when(deposit("pay-2", "250.00"))
                .expectEvents(deposited("pay-2", "250.00"))
                .expectResultMessagePayload(2L);
    }

    @Test
    void deposit_is_rejected_when_it_exceeds_what_the_contract_requires() {
        fixture.given(signed(), deposited("pay-1", "150.00"))
                .when(deposit("pay-2", "250.01"))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void deposit_is_rejected_when_the_contract_requires_none() {
        fixture.given(signed(2, "1000.00", "0.00"))
                .when(deposit("pay-1", "0.01"))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void deposit_must_be_a_positive_amount() {
        fixture.given(signed())
                .when(deposit("pay-1", "0.00"))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void the_same_deposit_sent_twice_is_recorded_once() {
        fixture.given(signed(), deposited("pay-1", "150.00"), deposited("pay-2", "100.00"))
                .when(deposit("pay-1", "150.00"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void a_payment_id_reused_for_another_amount_is_refused() {
        fixture.given(signed(), deposited("pay-1", "150.00"))
                .when(deposit("pay-1", "160.00"))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("payment pay-1 is already recorded with other details")
                .expectNoEvents();
    }

    @Test
    void a_deposit_payment_id_reused_for_a_balance_is_refused() {
        fixture.given(signed(), deposited("pay-1", "400.00"), installed("i-1", 1))
                .when(balance("pay-1", "400.00"))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void commands_for_a_contract_that_was_never_signed_are_refused_as_not_found() {
        fixture.givenNoPriorActivity()
                .when(deposit("pay-1", "10.00"))
                .expectException(AggregateNotFoundException.class);
    }

    // --- installations

    @Test
    void units_are_installed_only_after_the_required_deposit_is_fully_in() {
        fixture.given(signed(), deposited("pay-1", "399.99"))
                .when(install("i-1", 1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void units_are_installed_once_the_deposit_is_in() {
        fixture.given(signed(), deposited("pay-1", "400.00"))
                .when(install("i-1", 1))
                .expectEvents(installed("i-1", 1))
                .expectResultMessagePayload(2L);
    }

    @Test
    void a_contract_that_requires_no_deposit_is_installed_at_once() {
        fixture.given(signed(2, "1000.00", "0.00"))
                .when(install("i-1", 2))
                .expectEvents(installed("i-1", 2));
    }

    @Test
    void installed_units_never_exceed_contracted_units() {
        fixture.given(signed(), deposited("pay-1", "400.00"), installed("i-1", 1))
                .when(install("i-2", 2))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void an_installation_of_no_units_is_refused() {
        fixture.given(signed(), deposited("pay-1", "400.00"))
                .when(install("i-1", 0))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void the_same_installation_sent_twice_is_recorded_once() {
        fixture.given(signed(), deposited("pay-1", "400.00"), installed("i-1", 1))
                .when(install("i-1", 1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(2L);
    }

    @Test
    void an_installation_id_reused_with_other_units_is_refused() {
        fixture.given(signed(), deposited("pay-1", "400.00"), installed("i-1", 1))
                .when(install("i-1", 2))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    // --- balances

    @Test
    void balance_is_collected_for_what_was_installed_less_deposits() {
        // 1 of 2 units installed at 1,000.00, 400.00 deposit in: 600.00 may be collected now
        fixture.given(signed(), deposited("pay-1", "400.00"), installed("i-1", 1))
                .when(balance("bal-1", "600.00"))
                .expectEvents(balanceCollected("bal-1", "600.00"));
    }

    @Test
    void balance_is_refused_beyond_installed_units_times_price_less_deposits() {
        fixture.given(signed(), deposited("pay-1", "400.00"), installed("i-1", 1), balanceCollected("bal-1", "500.00"))
                .when(balance("bal-2", "100.01"))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void balance_is_refused_before_any_installation() {
        fixture.given(signed(), deposited("pay-1", "400.00"))
                .when(balance("bal-1", "0.01"))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void the_same_balance_payment_sent_twice_is_recorded_once() {
        fixture.given(signed(), deposited("pay-1", "400.00"), installed("i-1", 1), balanceCollected("bal-1", "500.00"))
                .when(balance("bal-1", "500.00"))
                .expectNoEvents()
                .expectResultMessagePayload(3L);
    }

    // --- completion

    @Test
    void a_completed_contract_takes_no_further_payments() {
        fixture.given(signed(), deposited("pay-1", "400.00"), installed("i-1", 2), balanceCollected("bal-1", "1600.00"))
                .when(balance("bal-2", "0.01"))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("contract c-1 is COMPLETED and takes no further payments")
                .expectNoEvents();
    }

    @Test
    void a_completed_contract_takes_no_further_deposits() {
        fixture.given(signed(2, "1000.00", "0.00"), installed("i-1", 2), balanceCollected("bal-1", "2000.00"))
                .when(deposit("pay-9", "1.00"))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("contract c-1 is COMPLETED and takes no further deposits")
                .expectNoEvents();
    }

    // --- cancellation

    @Test
    void cancellation_refunds_everything_collected() {
        fixture.given(signed(), deposited("pay-1", "150.00"), deposited("pay-2", "100.00"))
                .when(new CancelContract(C1, "shop closed", T3))
                .expectEvents(new ContractCancelled(C1, "shop closed", Money.parse("250.00"), T3))
                .expectResultMessagePayload(3L);
    }

    @Test
    void a_contract_is_cancelled_from_signed_with_nothing_to_refund() {
        fixture.given(signed())
                .when(new CancelContract(C1, "changed mind", T3))
                .expectEvents(new ContractCancelled(C1, "changed mind", Money.ZERO, T3));
    }

    @Test
    void cancellation_is_refused_once_units_are_installed() {
        fixture.given(signed(), deposited("pay-1", "400.00"), installed("i-1", 1))
                .when(new CancelContract(C1, "too late", T3))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_cancelled_contract_takes_no_deposits() {
        fixture.given(signed(), new ContractCancelled(C1, "closed", Money.ZERO, T1))
                .when(deposit("pay-1", "10.00"))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("contract c-1 is CANCELLED and takes no further deposits")
                .expectNoEvents();
    }

    @Test
    void a_cancelled_contract_takes_no_installations() {
        fixture.given(signed(2, "1000.00", "0.00"), new ContractCancelled(C1, "closed", Money.ZERO, T1))
                .when(install("i-1", 1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_cancelled_contract_takes_no_balance_payments() {
        fixture.given(signed(2, "1000.00", "0.00"), new ContractCancelled(C1, "closed", Money.ZERO, T1))
                .when(balance("bal-1", "10.00"))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void the_same_cancellation_sent_twice_is_recorded_once() {
        fixture.given(signed(), new ContractCancelled(C1, "closed", Money.ZERO, T3))
                .when(new CancelContract(C1, "closed", T3))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void a_second_different_cancellation_is_refused() {
        fixture.given(signed(), new ContractCancelled(C1, "closed", Money.ZERO, T3))
                .when(new CancelContract(C1, "another reason", T3))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    // --- corrections

    @Test
    void a_wrong_deposit_is_corrected_by_a_compensating_event() {
        fixture.given(signed(), deposited("pay-1", "40.00"))
                .when(new CorrectPayment(C1, "fix-1", new PaymentId("pay-1"), Money.parse("400.00"), "typed 40 for 400", T2))
                .expectEvents(new PaymentCorrected(C1, "fix-1", new PaymentId("pay-1"), PaymentKind.DEPOSIT,
                        Money.parse("40.00"), Money.parse("400.00"), "typed 40 for 400", T2));
    }

    @Test
    void a_corrected_deposit_counts_at_its_corrected_amount() {
        // after the correction 400.00 is in, so installation may go ahead
        fixture.given(signed(), deposited("pay-1", "40.00"), new PaymentCorrected(C1, "fix-1", new PaymentId("pay-1"),
                        PaymentKind.DEPOSIT, Money.parse("40.00"), Money.parse("400.00"), "typo", T2))
                .when(install("i-1", 1))
                .expectEvents(installed("i-1", 1));
    }

    @Test
    void a_correction_may_not_bring_deposits_above_what_is_required() {
        fixture.given(signed(), deposited("pay-1", "40.00"))
                .when(new CorrectPayment(C1, "fix-1", new PaymentId("pay-1"), Money.parse("400.01"), "typo", T2))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_correction_may_not_bring_balances_above_what_is_due() {
        fixture.given(signed(), deposited("pay-1", "400.00"), installed("i-1", 1), balanceCollected("bal-1", "60.00"))
                .when(new CorrectPayment(C1, "fix-1", new PaymentId("bal-1"), Money.parse("600.01"), "typo", T3))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_correction_of_a_deposit_may_not_leave_balances_above_what_is_due() {
        // 1 unit installed at 1,000.00; the deposit was corrected down to 100.00, so 500.00 of balance came in.
        // Putting the deposit back to 600.00 would make 1,100.00 collected for 1,000.00 installed.
        fixture.given(signed(2, "1000.00", "600.00"), deposited("pay-1", "600.00"), installed("i-1", 1),
                        new PaymentCorrected(C1, "fix-0", new PaymentId("pay-1"), PaymentKind.DEPOSIT,
                                Money.parse("600.00"), Money.parse("100.00"), "typo", T2),
                        balanceCollected("bal-1", "500.00"))
                .when(new CorrectPayment(C1, "fix-1", new PaymentId("pay-1"), Money.parse("600.00"), "typo", T3))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("the correction would leave balances of 500.00 above the 400.00 due")
                .expectNoEvents();
    }

    @Test
    void a_correction_of_an_unknown_payment_is_refused() {
        fixture.given(signed(), deposited("pay-1", "40.00"))
                .when(new CorrectPayment(C1, "fix-1", new PaymentId("pay-9"), Money.parse("10.00"), "typo", T2))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_correction_on_a_cancelled_contract_is_refused() {
        fixture.given(signed(), deposited("pay-1", "40.00"), new ContractCancelled(C1, "closed", Money.parse("40.00"), T2))
                .when(new CorrectPayment(C1, "fix-1", new PaymentId("pay-1"), Money.parse("10.00"), "typo", T3))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_correction_to_the_amount_already_counted_is_refused() {
        fixture.given(signed(), deposited("pay-1", "40.00"))
                .when(new CorrectPayment(C1, "fix-1", new PaymentId("pay-1"), Money.parse("40.00"), "typo", T2))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void the_same_correction_sent_twice_is_recorded_once() {
        fixture.given(signed(), deposited("pay-1", "40.00"), new PaymentCorrected(C1, "fix-1", new PaymentId("pay-1"),
                        PaymentKind.DEPOSIT, Money.parse("40.00"), Money.parse("400.00"), "typo", T2))
                .when(new CorrectPayment(C1, "fix-1", new PaymentId("pay-1"), Money.parse("400.00"), "typo", T2))
                .expectNoEvents()
                .expectResultMessagePayload(2L);
    }

    /** The fixture's event store holds the given events of the aggregate under test, or none. */
    static Streams streamsOf(FixtureConfiguration<?> fixture) {
        return id -> {
            try {
                return fixture.getEventStore().readEvents(id.streamId()).hasNext();
            } catch (org.axonframework.modelling.command.AggregateNotFoundException none) {
                return false;
            }
        };
    }

    // --- follow-ups: deadlines that fire by themselves (docs/domain.md#follow-ups, 30 days)

    /** The first local day (Asia/Shanghai) more than 30 days after 2026-03-02, where T1 and T2 fall. */
    static final Instant DUE = Instant.parse("2026-04-01T16:00:00Z");

    @Test
    void a_deposit_held_30_days_with_nothing_installed_becomes_idle_by_its_deadline_at_the_moment_it_fell_due() {
        fixture.givenNoPriorActivity()
                .andGivenCommands(sign(2, "1000.00", "400.00"), deposit("pay-1", "400.00"))
                .whenTimeAdvancesTo(DUE.plusSeconds(1))
                .expectEvents(new DepositBecameIdle(C1, Money.parse("400.00"), 30, DUE));
    }

    /**
     * A payment's UNSETTLED deadline (docs/finance.md, "Flags") is scheduled with it, for the start
     * of the 7th day after its day, in the statement of its method's source, which decides and records it.
     */
    @Test
    void a_payment_starts_its_unsettled_deadline_in_its_statement() {
        fixture.givenNoPriorActivity()
                .andGivenCommands(sign(2, "1000.00", "400.00"))
                .when(deposit("pay-1", "400.00"))
                .expectScheduledDeadlineWithName(Instant.parse("2026-03-08T16:00:00Z"), "payment-unsettled");
    }

    @Test
    void a_deposit_is_not_idle_if_units_were_installed_before_its_deadline() {
        fixture.givenNoPriorActivity()
                .andGivenCommands(sign(2, "1000.00", "400.00"), deposit("pay-1", "400.00"), install("i-1", 2),
                        balance("pay-2", "1600.00"))
                .whenTimeAdvancesTo(DUE.plusSeconds(1))
                .expectNoEvents();
    }

    @Test
    void an_idle_deposit_is_cleared_by_the_installation() {
        fixture.given(signed(), deposited("pay-1", "400.00"), new DepositBecameIdle(C1, Money.parse("400.00"), 30, DUE))
                .when(install("i-1", 1))
                .expectEvents(installed("i-1", 1), new DepositIdleCleared(C1, "units installed", T2))
                .expectResultMessagePayload(3L);
    }

    @Test
    void an_idle_deposit_is_cleared_by_the_cancellation() {
        fixture.given(signed(), deposited("pay-1", "400.00"), new DepositBecameIdle(C1, Money.parse("400.00"), 30, DUE))
                .when(new CancelContract(C1, "the salon closed", T3))
                .expectEvents(new ContractCancelled(C1, "the salon closed", Money.parse("400.00"), T3),
                        new DepositIdleCleared(C1, "contract cancelled", T3))
                .expectResultMessagePayload(3L);
    }

    @Test
    void money_outstanding_30_days_after_the_first_installation_becomes_overdue_and_is_cleared_when_paid() {
        fixture.givenNoPriorActivity()
                .andGivenCommands(sign(2, "1000.00", "400.00"), deposit("pay-1", "400.00"), install("i-1", 2))
                .whenTimeAdvancesTo(DUE.plusSeconds(1))
                .expectEvents(new BalanceBecameOverdue(C1, Money.parse("1600.00"), 30, DUE));
        fixture.given(signed(), deposited("pay-1", "400.00"), installed("i-1", 2),
                        new BalanceBecameOverdue(C1, Money.parse("1600.00"), 30, DUE))
                .when(balance("pay-2", "600.00"))
                .expectEvents(balanceCollected("pay-2", "600.00"));
        fixture.given(signed(), deposited("pay-1", "400.00"), installed("i-1", 2),
                        new BalanceBecameOverdue(C1, Money.parse("1600.00"), 30, DUE))
                .when(balance("pay-2", "1600.00"))
                .expectEvents(balanceCollected("pay-2", "1600.00"),
                        new BalanceOverdueCleared(C1, "everything is paid", T3))
                .expectResultMessagePayload(4L);
    }

    @Test
    void a_balance_paid_before_its_deadline_is_never_overdue() {
        fixture.givenNoPriorActivity()
                .andGivenCommands(sign(2, "1000.00", "400.00"), deposit("pay-1", "400.00"), install("i-1", 2),
                        balance("pay-2", "1600.00"))
                .whenTimeAdvancesTo(DUE.plusSeconds(1))
                .expectNoEvents();
    }

    @Test
    void work_synced_late_gives_the_rest_of_the_sync_a_grace_before_its_deadline_fires() {
        Instant now = Instant.parse("2026-06-01T02:00:00Z");
        BranchCalendar late = new BranchCalendar(Clock.fixed(now, ZoneOffset.UTC), ZoneId.of("Asia/Shanghai"), 30, 30,
                java.time.Duration.ofMinutes(5));
        FixtureConfiguration<Contract> syncing = new AggregateTestFixture<>(Contract.class);
        syncing.registerInjectableResource(late);
        syncing.registerInjectableResource(ContractCampaigns.NONE);
        ignoreStatementDeadlines(syncing);
        syncing.given(signed())
                .when(deposit("pay-1", "400.00"))
                .expectEvents(deposited("pay-1", "400.00"))
                .expectScheduledDeadlineWithName(now.plusSeconds(300), Contract.DEPOSIT_IDLE);
        // installed and paid within the grace: when they fire, nothing was idle or overdue
        syncing.given(signed())
                .andGivenCommands(deposit("pay-1", "400.00"), install("i-1", 2), balance("pay-2", "1600.00"))
                .whenTimeAdvancesTo(now.plusSeconds(301))
                .expectNoEvents();
    }
}
