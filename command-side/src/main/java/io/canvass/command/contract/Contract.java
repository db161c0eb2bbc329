package io.canvass.command.contract;

import io.canvass.command.platform.BranchCalendar;
import io.canvass.command.platform.RuleViolation;
import io.canvass.command.settlement.SettlementDeadlines;
import io.canvass.events.Money;
import io.canvass.events.contract.BalanceBecameOverdue;
import io.canvass.events.contract.BalanceCollected;
import io.canvass.events.contract.BalanceOverdueCleared;
import io.canvass.events.contract.ContractCancelled;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.contract.ContractStatus;
import io.canvass.events.contract.DepositBecameIdle;
import io.canvass.events.contract.DepositCollected;
import io.canvass.events.contract.DepositIdleCleared;
import io.canvass.events.contract.InstallationId;
import io.canvass.events.contract.PaymentCorrected;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentKind;
import io.canvass.events.contract.UnitsInstalled;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.platform.axon.EventMetadata;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A contract from signing to completion or cancellation. Every money and unit rule of docs/domain.md#rules
 * is stated here, once. Each command handler answers the sequence number of the event that
 * records it; a retry (same id, same content) writes nothing and answers the first one's.
 * <p>
 * Two deadlines watch it (docs/domain.md#follow-ups, {@code canvass.flags.*}): from the first deposit,
 * DEPOSIT_IDLE; from the first installation, BALANCE_OVERDUE. Each records its event when it fires
 * if the reason still holds, and the command that takes the reason away records it cleared. Each
 * deposit and balance also starts the deadline that records it UNSETTLED in its source's statement
 * if no statement line settles it in time ({@link SettlementDeadlines}).
 */
@Aggregate(repository = "contractRepository")
public class Contract {

    static final String BALANCE_OVERDUE = "balance-overdue";
    static final String DEPOSIT_IDLE = "deposit-idle";

    @AggregateIdentifier
    private String streamId;
    private ContractId contractId;
    private ContractSigned signed;
    private long signedAt;
    private Money depositCollected = Money.ZERO;
    private Money balanceCollected = Money.ZERO;
    private int unitsInstalled;
    private ContractCancelled cancelled;
    private long lastSequence;
    private long cancelledAt;
    private Instant firstDepositAt;
    private Instant firstInstalledAt;
    private boolean balanceOverdue;
    private boolean depositIdle;
    private final Map<PaymentId, Payment> payments = new HashMap<>();
    private final Map<InstallationId, Recorded<UnitsInstalled>> installations = new HashMap<>();
    private final Map<String, Recorded<PaymentCorrected>> corrections = new HashMap<>();

    private record Recorded<E>(E event, long sequence) {
    }

    /** A payment as first recorded, and what it counts as after any corrections. */
    private record Payment(PaymentKind kind, Object recordedAs, long sequence, Money amount) {
        Payment correctedTo(Money corrected) {
            return new Payment(kind, recordedAs, sequence, corrected);
        }
    }

    protected Contract() {
        // for Axon
    }

    Contract(ContractSigned event) {
        if (event.units() < 1) {
            throw new RuleViolation("a contract is for at least 1 unit");
        }
        if (!event.unitPrice().isPositive()) {
            throw new RuleViolation("the unit price must be positive");
        }
        if (event.depositRequired().isNegative() || event.depositRequired().exceeds(event.contractValue())) {
            throw new RuleViolation("the deposit required must be between 0.00 and the contract value "
                    + event.contractValue());
        }
        apply(event);
    }

    /**
     * A retry of the signing is answered as the first (with the signing's sequence number); the
     * same id for another contract is refused.
     */
    long requireSameAs(ContractSigned event, boolean campaignNamed) {
        boolean same = campaignNamed ? signed.equals(event) : signed.withoutCampaign().equals(event.withoutCampaign());
        if (!same) {
            throw new RuleViolation("contract " + contractId + " is already signed with other terms");
        }
        return signedAt;
    }

    @CommandHandler
    public long handle(CollectDeposit command, DeadlineManager deadlines, BranchCalendar calendar) {
        DepositCollected event = new DepositCollected(contractId, command.paymentId(), command.amount(),
                command.method(), command.receiptNo(), command.occurredAt());
        Long retry = retried(command.paymentId(), event);
        if (retry != null) {
            return retry;
        }
        requireOpen("deposits");
        requirePositive(command.amount());
        Money after = depositCollected.plus(command.amount());
        if (after.exceeds(signed.depositRequired())) {
            throw new RuleViolation("deposit of " + command.amount() + " would bring deposits to " + after
                    + ", more than the " + signed.depositRequired() + " the contract requires");
        }
        boolean first = firstDepositAt == null;
        apply(event);
        SettlementDeadlines.paymentCollected(deadlines, calendar, contractId, MatchedKind.DEPOSIT, command.paymentId(),
                command.method(), command.occurredAt());
        if (first) {
            deadlines.schedule(calendar.fireAt(calendar.dueAfter(firstDepositAt, calendar.depositIdleDays())), DEPOSIT_IDLE,
                    "first deposit " + firstDepositAt);
        }
        return lastSequence;
    }

    @CommandHandler
    public long handle(InstallUnits command, DeadlineManager deadlines, BranchCalendar calendar) {
        UnitsInstalled event = new UnitsInstalled(contractId, command.installationId(), command.units(),
                command.installerId(), command.deliveryReceiptNo(), command.occurredAt());
        Recorded<UnitsInstalled> earlier = installations.get(command.installationId());
        if (earlier != null) {
            if (!earlier.event().equals(event)) {
                throw new RuleViolation("installation " + command.installationId() + " is already recorded with other details");
            }
            return earlier.sequence();
        }
        requireOpen("installations");
        if (command.units() < 1) {
            throw new RuleViolation("an installation is of at least 1 unit");
        }
        if (depositCollected.compareTo(signed.depositRequired()) < 0) {
            throw new RuleViolation("units are installed only after the required deposit is fully in: "
                    + depositCollected + " of " + signed.depositRequired() + " collected");
        }
        if (unitsInstalled + command.units() > signed.units()) {
            throw new RuleViolation("installing " + command.units() + " would make " + (unitsInstalled + command.units())
                    + " units installed, more than the " + signed.units() + " contracted");
        }
        boolean first = firstInstalledAt == null;
        apply(event);
        long sequence = lastSequence;
        if (first) {
            deadlines.schedule(calendar.fireAt(calendar.dueAfter(firstInstalledAt, calendar.balanceOverdueDays())), BALANCE_OVERDUE,
                    "first installation " + firstInstalledAt);
        }
        if (depositIdle) {
            apply(new DepositIdleCleared(contractId, "units installed", command.occurredAt()));
        }
        clearOverdueIfPaid(command.occurredAt());
        return sequence;
    }

    @CommandHandler
    public long handle(CollectBalance command, DeadlineManager deadlines, BranchCalendar calendar) {
        BalanceCollected event = new BalanceCollected(contractId, command.paymentId(), command.amount(),
                command.method(), command.receiptNo(), command.occurredAt());
        Long retry = retried(command.paymentId(), event);
        if (retry != null) {
            return retry;
        }
        requireOpen("payments");
        requirePositive(command.amount());
        Money after = balanceCollected.plus(command.amount());
        if (after.exceeds(balanceAllowed())) {
            throw new RuleViolation("balance of " + command.amount() + " would bring balances to " + after
                    + ", more than the " + balanceAllowed() + " due for " + unitsInstalled
                    + " installed units less deposits");
        }
        apply(event);
        long sequence = lastSequence;
        SettlementDeadlines.paymentCollected(deadlines, calendar, contractId, MatchedKind.BALANCE, command.paymentId(),
                command.method(), command.occurredAt());
        clearOverdueIfPaid(command.occurredAt());
        return sequence;
    }

    @CommandHandler
    public long handle(CancelContract command) {
        if (cancelled != null) {
            if (cancelled.reason().equals(command.reason()) && cancelled.occurredAt().equals(command.occurredAt())) {
                return cancelledAt;
            }
            throw new RuleViolation("contract " + contractId + " is already cancelled");
        }
        ContractStatus status = status();
        if (status != ContractStatus.SIGNED && status != ContractStatus.DEPOSIT_PAID) {
            throw new RuleViolation("a contract is cancelled only before installation; this one is " + status);
        }
        apply(new ContractCancelled(contractId, command.reason(), depositCollected.plus(balanceCollected),
                command.occurredAt()));
        long sequence = lastSequence;
        if (depositIdle) {
            apply(new DepositIdleCleared(contractId, "contract cancelled", command.occurredAt()));
        }
        return sequence;
    }

    @CommandHandler
    public long handle(CorrectPayment command) {
        Recorded<PaymentCorrected> earlier = corrections.get(command.correctionId());
        if (earlier != null) {
            PaymentCorrected was = earlier.event();
            if (!was.paymentId().equals(command.paymentId()) || !was.correctedAmount().equals(command.correctedAmount())
                    || !was.reason().equals(command.reason()) || !was.occurredAt().equals(command.occurredAt())) {
                throw new RuleViolation("correction " + command.correctionId() + " is already recorded with other details");
            }
            return earlier.sequence();
        }
        if (cancelled != null) {
            throw new RuleViolation("contract " + contractId + " is cancelled and its money refunded; nothing to correct");
        }
        Payment payment = payments.get(command.paymentId());
        if (payment == null) {
            throw new RuleViolation("contract " + contractId + " has no payment " + command.paymentId());
        }
        if (command.correctedAmount().isNegative()) {
            throw new RuleViolation("a corrected amount is 0.00 or more");
        }
        if (command.correctedAmount().equals(payment.amount())) {
            throw new RuleViolation("payment " + command.paymentId() + " already counts as " + payment.amount());
        }
        Money delta = command.correctedAmount().minus(payment.amount());
        if (payment.kind() == PaymentKind.DEPOSIT) {
            Money after = depositCollected.plus(delta);
            if (after.exceeds(signed.depositRequired())) {
                throw new RuleViolation("the correction would bring deposits to " + after + ", more than the "
                        + signed.depositRequired() + " the contract requires");
            }
            Money dueAfter = signed.unitPrice().times(unitsInstalled).minus(after).max(Money.ZERO);
            if (balanceCollected.exceeds(dueAfter)) {
                throw new RuleViolation("the correction would leave balances of " + balanceCollected
                        + " above the " + dueAfter + " due");
            }
        } else {
            Money after = balanceCollected.plus(delta);
            if (after.exceeds(balanceAllowed())) {
                throw new RuleViolation("the correction would bring balances to " + after + ", more than the "
                        + balanceAllowed() + " due");
            }
        }
        apply(new PaymentCorrected(contractId, command.correctionId(), command.paymentId(), payment.kind(),
                payment.amount(), command.correctedAmount(), command.reason(), command.occurredAt()));
        long sequence = lastSequence;
        if (depositIdle && depositCollected.isZero()) {
            apply(new DepositIdleCleared(contractId, "deposit corrected to " + Money.ZERO, command.occurredAt()));
        }
        clearOverdueIfPaid(command.occurredAt());
        return sequence;
    }

    /** Everything is paid: an overdue balance no longer is. */
    private void clearOverdueIfPaid(Instant occurredAt) {
        if (balanceOverdue && !outstanding().isPositive()) {
            apply(new BalanceOverdueCleared(contractId, "everything is paid", occurredAt));
        }
    }

    /**
     * Money still outstanding more than N days after the first installation's day: recorded once,
     * at the moment it fell due, if it still is when the deadline fires (a balance paid meanwhile,
     * or a deadline fired a second time, records nothing).
     */
    @DeadlineHandler(deadlineName = BALANCE_OVERDUE)
    void balanceOverdue(String why, BranchCalendar calendar) {
        if (balanceOverdue || cancelled != null || unitsInstalled == 0 || !outstanding().isPositive()) {
            return;
        }
        int days = calendar.balanceOverdueDays();
        apply(new BalanceBecameOverdue(contractId, outstanding(), days, calendar.dueAfter(firstInstalledAt, days)),
                MetaData.from(EventMetadata.bySystem("balance outstanding more than " + days
                        + " days after the first installation")));
    }

    /** A deposit held with nothing installed more than N days after the first deposit's day: recorded once, as above. */
    @DeadlineHandler(deadlineName = DEPOSIT_IDLE)
    void depositIdle(String why, BranchCalendar calendar) {
        if (depositIdle || cancelled != null || unitsInstalled > 0 || !depositCollected.isPositive()) {
            return;
        }
        int days = calendar.depositIdleDays();
        apply(new DepositBecameIdle(contractId, depositCollected, days, calendar.dueAfter(firstDepositAt, days)),
                MetaData.from(EventMetadata.bySystem("deposit held with nothing installed more than " + days
                        + " days after the first deposit")));
    }

    /** The contract's status, as docs/domain.md#contract-status derives it. */
    public ContractStatus status() {
        return ContractStatus.of(cancelled != null, signed.units(), unitsInstalled, signed.depositRequired(),
                depositCollected, outstanding());
    }

    private Money outstanding() {
        return signed.contractValue().minus(depositCollected).minus(balanceCollected);
    }

    /** All balance payments together never exceed installed units x unit price - deposits collected. */
    private Money balanceAllowed() {
        return signed.unitPrice().times(unitsInstalled).minus(depositCollected).max(Money.ZERO);
    }

    private void requireOpen(String what) {
        ContractStatus status = status();
        if (status.isClosed()) {
            throw new RuleViolation("contract " + contractId + " is " + status + " and takes no further " + what);
        }
    }

    private static void requirePositive(Money amount) {
        if (!amount.isPositive()) {
            throw new RuleViolation("an amount received must be positive");
        }
    }

    /** The first recording's sequence for a retried payment, null for a new one; the same id reused is refused. */
    private Long retried(PaymentId paymentId, Object event) {
        Payment earlier = payments.get(paymentId);
        if (earlier == null) {
            return null;
        }
        if (!earlier.recordedAs().equals(event)) {
            throw new RuleViolation("payment " + paymentId + " is already recorded with other details");
        }
        return earlier.sequence();
    }

    @EventSourcingHandler
    void on(ContractSigned event, @SequenceNumber long sequence) {
        contractId = event.contractId();
        streamId = contractId.streamId();
        signed = event;
        signedAt = sequence;
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(DepositCollected event, @SequenceNumber long sequence) {
        depositCollected = depositCollected.plus(event.amount());
        firstDepositAt = firstDepositAt == null || event.occurredAt().isBefore(firstDepositAt) ? event.occurredAt() : firstDepositAt;
        payments.put(event.paymentId(), new Payment(PaymentKind.DEPOSIT, event, sequence, event.amount()));
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(UnitsInstalled event, @SequenceNumber long sequence) {
        unitsInstalled += event.units();
        firstInstalledAt = firstInstalledAt == null || event.occurredAt().isBefore(firstInstalledAt) ? event.occurredAt() : firstInstalledAt;
        installations.put(event.installationId(), new Recorded<>(event, sequence));
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(BalanceCollected event, @SequenceNumber long sequence) {
        balanceCollected = balanceCollected.plus(event.amount());
        payments.put(event.paymentId(), new Payment(PaymentKind.BALANCE, event, sequence, event.amount()));
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(ContractCancelled event, @SequenceNumber long sequence) {
        cancelled = event;
        cancelledAt = sequence;
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(PaymentCorrected event, @SequenceNumber long sequence) {
        if (event.paymentKind() == PaymentKind.DEPOSIT) {
            depositCollected = depositCollected.plus(event.delta());
        } else {
            balanceCollected = balanceCollected.plus(event.delta());
        }
        payments.computeIfPresent(event.paymentId(), (id, payment) -> payment.correctedTo(event.correctedAmount()));
        corrections.put(event.correctionId(), new Recorded<>(event, sequence));
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(BalanceBecameOverdue event, @SequenceNumber long sequence) {
        balanceOverdue = true;
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(BalanceOverdueCleared event, @SequenceNumber long sequence) {
        balanceOverdue = false;
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(DepositBecameIdle event, @SequenceNumber long sequence) {
        depositIdle = true;
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(DepositIdleCleared event, @SequenceNumber long sequence) {
        depositIdle = false;
        lastSequence = sequence;
    }
}
