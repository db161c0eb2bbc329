package io.canvass.query.ledger;

import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.contract.BalanceBecameOverdue;
import io.canvass.events.contract.BalanceCollected;
import io.canvass.events.contract.BalanceOverdueCleared;
import io.canvass.events.contract.ContractCancelled;
import io.canvass.events.contract.ContractEvent;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.ContractFollowUp;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.contract.DepositBecameIdle;
import io.canvass.events.contract.DepositIdleCleared;
import io.canvass.events.contract.ContractStatus;
import io.canvass.events.contract.DepositCollected;
import io.canvass.events.contract.PaymentCorrected;
import io.canvass.events.contract.UnitsInstalled;

import io.canvass.query.engine.ReadModelWrites;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A contract's terms and every fact of its history, from which its figures at any moment are
 * worked out: now, as of a field date (finance), or as recorded at an instant (auditors). Every
 * read model derives its contract figures from here, so every dashboard agrees.
 */
public record ContractLedger(
        String contractId,
        String prospectId,
        Channel channel,
        String districtId,
        String streetId,
        String salespersonId,
        String campaignId,
        ContractKind kind,
        int units,
        Money unitPrice,
        Money depositRequired,
        long lastSequence,
        List<Fact> facts) {

    public ContractLedger {
        facts = List.copyOf(facts);
    }

    /** The ledger of a newly signed contract. */
    public static ContractLedger signed(ContractSigned event, long sequence, long position, Instant recordedAt) {
        return new ContractLedger(event.contractId().value(), event.prospectId().value(), event.channel(),
                event.districtId().value(), event.streetId().value(), event.salespersonId().value(),
                event.campaignId() == null ? null : event.campaignId().value(), event.kind(),
                event.units(), event.unitPrice(), event.depositRequired(), sequence,
                List.of(new Fact(sequence, position, Fact.Kind.SIGNED, event.occurredAt(), recordedAt, null, null,
                        event.contractValue(), event.units())));
    }

    /** The flags a deadline records (docs/domain.md#reconciliation-flags), as facts name them. */
    public static final String BALANCE_OVERDUE = "BALANCE_OVERDUE";
    public static final String DEPOSIT_IDLE = "DEPOSIT_IDLE";

    /** What the figures derived from this ledger reflect: the contract's stream at its last sequence. */
    public ReadModelWrites.Source source() {
        return new ReadModelWrites.Source(ContractId.STREAM + contractId, lastSequence);
    }

    /**
     * This ledger with one more event of its stream, a {@link ContractEvent} or a {@link ContractFollowUp}
     * (kept as a fact so that reconciliation reads the flags the deadlines recorded, never a threshold of
     * its own); an event it already holds (a redelivery) changes nothing.
     */
    public ContractLedger with(Object event, long sequence, long position, Instant recordedAt) {
        if (sequence <= lastSequence) {
            return this;
        }
        Fact fact;
        if (event instanceof BalanceBecameOverdue e) {
            fact = new Fact(sequence, position, Fact.Kind.FLAGGED, e.occurredAt(), recordedAt, BALANCE_OVERDUE, null,
                    e.outstanding(), null);
        } else if (event instanceof DepositBecameIdle e) {
            fact = new Fact(sequence, position, Fact.Kind.FLAGGED, e.occurredAt(), recordedAt, DEPOSIT_IDLE, null,
                    e.depositCollected(), null);
        } else if (event instanceof BalanceOverdueCleared e) {
            fact = new Fact(sequence, position, Fact.Kind.UNFLAGGED, e.occurredAt(), recordedAt, BALANCE_OVERDUE, null,
                    null, null);
        } else if (event instanceof DepositIdleCleared e) {
            fact = new Fact(sequence, position, Fact.Kind.UNFLAGGED, e.occurredAt(), recordedAt, DEPOSIT_IDLE, null,
                    null, null);
        } else if (event instanceof DepositCollected e) {
            fact = new Fact(sequence, position, Fact.Kind.DEPOSIT, e.occurredAt(), recordedAt, e.paymentId().value(),
                    null, e.amount(), null);
        } else if (event instanceof UnitsInstalled e) {
            fact = new Fact(sequence, position, Fact.Kind.INSTALLATION, e.occurredAt(), recordedAt,
                    e.installationId().value(), null, null, e.units());
        } else if (event instanceof BalanceCollected e) {
            fact = new Fact(sequence, position, Fact.Kind.BALANCE, e.occurredAt(), recordedAt, e.paymentId().value(),
                    null, e.amount(), null);
        } else if (event instanceof ContractCancelled e) {
            fact = new Fact(sequence, position, Fact.Kind.CANCELLED, e.occurredAt(), recordedAt, null, null,
                    e.refunded(), null);
        } else if (event instanceof PaymentCorrected e) {
            fact = new Fact(sequence, position, Fact.Kind.CORRECTION, e.occurredAt(), recordedAt, e.correctionId(),
                    e.paymentId().value(), e.correctedAmount(), null);
        } else if (event instanceof ContractSigned) {
            throw new IllegalStateException("contract " + contractId + " signed twice");
        } else {
            throw new IllegalArgumentException("unknown contract event " + event.getClass().getName());
        }
        List<Fact> more = new ArrayList<>(facts);
        more.add(fact);
        return new ContractLedger(contractId, prospectId, channel, districtId, streetId, salespersonId, campaignId, kind, units,
                unitPrice, depositRequired, sequence, more);
    }

    /**
     * The follow-up flags raised on field time before {@code end} and not cleared before it, as the
     * deadlines recorded them (a flag's moment is when it fell due; a clearing's, the field work's).
     */
    public List<String> flaggedBefore(Instant end) {
        Set<String> raised = new java.util.TreeSet<>();
        facts.stream().filter(f -> (f.kind() == Fact.Kind.FLAGGED || f.kind() == Fact.Kind.UNFLAGGED)
                        && f.occurredAt().isBefore(end))
                .sorted(java.util.Comparator.comparing(Fact::occurredAt).thenComparingLong(Fact::sequence))
                .forEach(f -> {
                    if (f.kind() == Fact.Kind.FLAGGED) {
                        raised.add(f.ref());
                    } else {
                        raised.remove(f.ref());
                    }
                });
        return List.copyOf(raised);
    }

    public Money contractValue() {
        return unitPrice.times(units);
    }

    /** This ledger as it was when it held its first {@code count} facts (an earlier version of it). */
    public ContractLedger firstFacts(int count) {
        List<Fact> earlier = facts.subList(0, count);
        return new ContractLedger(contractId, prospectId, channel, districtId, streetId, salespersonId, campaignId, kind, units,
                unitPrice, depositRequired, earlier.get(count - 1).sequence(), earlier);
    }

    /**
     * This ledger as the event store held it at a global position: its facts stored up to it
     * (a stream's facts are stored in the order of their positions), or empty when it was
     * signed later.
     */
    public java.util.Optional<ContractLedger> upTo(long position) {
        int count = 0;
        while (count < facts.size() && facts.get(count).position() <= position) {
            count++;
        }
        return count == 0 ? java.util.Optional.empty() : java.util.Optional.of(firstFacts(count));
    }

    public Fact signing() {
        return facts.get(0);
    }

    /** The figures with every fact. */
    public Figures now() {
        return figures(fact -> true);
    }

    /**
     * The figures on field time as known now (docs/domain.md#field-time-and-recorded-time): the facts that happened in
     * the field before {@code end}, where a correction counts with the payment it corrects, on
     * that payment's day, whenever it was made.
     */
    public Figures onFieldTime(Instant end) {
        Set<String> paymentsBefore = new HashSet<>();
        for (Fact fact : facts) {
            if ((fact.kind() == Fact.Kind.DEPOSIT || fact.kind() == Fact.Kind.BALANCE) && fact.occurredAt().isBefore(end)) {
                paymentsBefore.add(fact.ref());
            }
        }
        return figures(fact -> fact.kind() == Fact.Kind.CORRECTION ? paymentsBefore.contains(fact.paymentRef())
                : fact.occurredAt().isBefore(end));
    }

    /** What was collected and kept: deposits + balances - refunds (docs/domain.md#collected-and-outstanding). */
    public static Money collected(Money deposits, Money balances, Money refunds) {
        return deposits.plus(balances).minus(refunds);
    }

    /**
     * The figures with the facts that pass the filter: an instant recorded (the auditor's as-of),
     * or {@link #onFieldTime}.
     */
    public Figures figures(Predicate<Fact> included) {
        Map<String, Money> deposits = new LinkedHashMap<>();
        Map<String, Money> balances = new LinkedHashMap<>();
        int installed = 0;
        Instant firstInstalled = null;
        Instant firstDeposit = null;
        Fact cancelled = null;
        for (Fact fact : facts) {
            if (!included.test(fact)) {
                continue;
            }
            switch (fact.kind()) {
                case DEPOSIT -> {
                    deposits.put(fact.ref(), fact.amount());
                    firstDeposit = earliest(firstDeposit, fact.occurredAt());
                }
                case BALANCE -> balances.put(fact.ref(), fact.amount());
                case INSTALLATION -> {
                    installed += fact.units();
                    firstInstalled = earliest(firstInstalled, fact.occurredAt());
                }
                case CORRECTION -> {
                    if (deposits.containsKey(fact.paymentRef())) {
                        deposits.put(fact.paymentRef(), fact.amount());
                    } else if (balances.containsKey(fact.paymentRef())) {
                        balances.put(fact.paymentRef(), fact.amount());
                    }
                }
                case CANCELLED -> cancelled = fact;
                case SIGNED, FLAGGED, UNFLAGGED -> {
                    // the terms are the ledger's own; a flag moves no figure
                }
            }
        }
        Money depositCollected = deposits.values().stream().reduce(Money.ZERO, Money::plus);
        Money balanceCollected = balances.values().stream().reduce(Money.ZERO, Money::plus);
        Money refunded = cancelled == null ? Money.ZERO : cancelled.amount();
        Money owed = contractValue().minus(depositCollected).minus(balanceCollected);
        Money outstanding = cancelled == null ? owed : Money.ZERO;
        ContractStatus status = ContractStatus.of(cancelled != null, units, installed, depositRequired,
                depositCollected, owed);
        return new Figures(status, depositCollected, balanceCollected, refunded,
                collected(depositCollected, balanceCollected, refunded), outstanding, installed, firstInstalled,
                firstDeposit, cancelled == null ? null : cancelled.occurredAt(), Map.copyOf(deposits),
                Map.copyOf(balances));
    }

    private static Instant earliest(Instant known, Instant candidate) {
        return known == null || candidate.isBefore(known) ? candidate : known;
    }

    /**
     * A contract's figures at some moment. {@code collected} = deposits + balances - refunds;
     * {@code outstanding} = contract value - deposits - balances while live, 0 once cancelled.
     */
    public record Figures(ContractStatus status, Money depositCollected, Money balanceCollected, Money refunded,
                          Money collected, Money outstanding, int unitsInstalled, Instant firstInstalledAt,
                          Instant firstDepositAt, Instant cancelledAt, Map<String, Money> deposits,
                          Map<String, Money> balances) {

        public boolean live() {
            return status != ContractStatus.CANCELLED;
        }
    }
}
