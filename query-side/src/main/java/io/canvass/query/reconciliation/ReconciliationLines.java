package io.canvass.query.reconciliation;

import io.swagger.v3.oas.annotations.media.Schema;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractStatus;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.events.settlement.MatchedPayment;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.platform.CanvassSettings;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A contract's reconciliation line as of the end of a local day, with the anomalies finance looks
 * for: worked out from its ledger alone, on field time (a payment made after the date does not
 * count; a corrected payment counts at its corrected amount on its own day). No storage here:
 * {@link Reconciliation} reads and {@link ReconciliationProjection} keeps what this works out.
 */
@Component
public class ReconciliationLines {

    /**
     * Installed units with money outstanding, longer than the threshold after the first installation:
     * as the command side's deadline recorded it (docs/finance.md, "Flags"), never counted here.
     */
    public static final String BALANCE_OVERDUE = ContractLedger.BALANCE_OVERDUE;
    /** A deposit held, nothing installed, longer than the threshold after the first deposit: as recorded, likewise. */
    public static final String DEPOSIT_IDLE = ContractLedger.DEPOSIT_IDLE;
    /** More collected than the contract is worth (the rules prevent it; finance still wants to see it). */
    public static final String OVER_COLLECTED = "OVER_COLLECTED";
    /** A cancelled contract still holding money (collected beyond what was refunded). */
    public static final String MONEY_ON_CANCELLED = "MONEY_ON_CANCELLED";

    /**
     * One contract's line. {@code balanceDue} is contract value less deposit required; {@code settled}
     * the part of collected that statement lines of a day up to the date settle, {@code inTransit}
     * collected less settled (docs/finance.md, "Settled and in transit in reconciliation").
     */
    @Schema(name = "ReconciliationLine")
    public record Line(String contractId, Channel channel, String salespersonId, ContractStatus status,
                       Money contractValue, Money depositRequired, Money depositCollected, Money balanceDue,
                       Money balanceCollected, Money refunded, Money outstanding, List<String> flags,
                       Money settled, Money inTransit) {

        /** Signed and not cancelled as of the line's date. */
        public boolean live() {
            return status != ContractStatus.CANCELLED;
        }
    }

    /**
     * What settlement adds to the lines as of a date (docs/finance.md, "Settled and in transit in
     * reconciliation"): the keys ({@link MatchedPayment#key()}) of the payments settled by then, and
     * the settlement flags recorded by then and not cleared, by contract (UNSETTLED for a payment of
     * it, AMOUNT_DIFFERS for a match of one).
     */
    public record Settlement(Set<String> settledPayments, Map<String, Set<String>> flags) {

        public static final Settlement NONE = new Settlement(Set.of(), Map.of());

        List<String> flagsOf(String contractId) {
            return flags.getOrDefault(contractId, Set.of()).stream().sorted().toList();
        }

        /** The same payments settled, no settlement flag. */
        Settlement withoutFlags() {
            return new Settlement(settledPayments, Map.of());
        }
    }

    private final CanvassSettings settings;

    public ReconciliationLines(CanvassSettings settings) {
        this.settings = settings;
    }

    /** The contract's line as of the end of a local day, or none when it was signed later; nothing settled. */
    public Optional<Line> asOf(ContractLedger ledger, LocalDate date) {
        return asOf(ledger, date, Settlement.NONE);
    }

    /** The contract's line as of the end of a local day with what settlement adds, or none when it was signed later. */
    public Optional<Line> asOf(ContractLedger ledger, LocalDate date, Settlement settlement) {
        Instant end = settings.endOf(date);
        return ledger.signing().occurredAt().isBefore(end) ? Optional.of(line(ledger, date, end, settlement))
                : Optional.empty();
    }

    /**
     * What of a contract's collected money is settled as of {@code end}: its deposits and balances
     * of a day before it that these payments' keys name, at their amounts as corrected, less its
     * refund if that is settled too.
     */
    public static Money settled(ContractLedger ledger, ContractLedger.Figures figures, Set<String> settledPayments) {
        if (settledPayments.isEmpty()) {
            return Money.ZERO;
        }
        ContractId contract = new ContractId(ledger.contractId());
        Money settled = Money.ZERO;
        for (Map.Entry<String, Money> deposit : figures.deposits().entrySet()) {
            if (settledPayments.contains(new MatchedPayment(contract, MatchedKind.DEPOSIT,
                    new PaymentId(deposit.getKey()), null).key())) {
                settled = settled.plus(deposit.getValue());
            }
        }
        for (Map.Entry<String, Money> balance : figures.balances().entrySet()) {
            if (settledPayments.contains(new MatchedPayment(contract, MatchedKind.BALANCE,
                    new PaymentId(balance.getKey()), null).key())) {
                settled = settled.plus(balance.getValue());
            }
        }
        if (settledPayments.contains(new MatchedPayment(contract, MatchedKind.REFUND, null, null).key())) {
            settled = settled.minus(figures.refunded());
        }
        return settled;
    }

    Line line(ContractLedger ledger, LocalDate date, Instant end, Settlement settlement) {
        ContractLedger.Figures f = ledger.onFieldTime(end);
        Money balanceDue = ledger.contractValue().minus(ledger.depositRequired());
        List<String> flags = new ArrayList<>();
        List<String> recorded = ledger.flaggedBefore(end);
        if (recorded.contains(BALANCE_OVERDUE)) {
            flags.add(BALANCE_OVERDUE);
        }
        if (recorded.contains(DEPOSIT_IDLE)) {
            flags.add(DEPOSIT_IDLE);
        }
        if (f.depositCollected().plus(f.balanceCollected()).exceeds(ledger.contractValue())) {
            flags.add(OVER_COLLECTED);
        }
        if (!f.live() && f.collected().isPositive()) {
            flags.add(MONEY_ON_CANCELLED);
        }
        flags.addAll(settlement.flagsOf(ledger.contractId()));
        Money settled = settled(ledger, f, settlement.settledPayments());
        return new Line(ledger.contractId(), ledger.channel(), ledger.salespersonId(), f.status(),
                ledger.contractValue(), ledger.depositRequired(), f.depositCollected(), balanceDue,
                f.balanceCollected(), f.refunded(), f.outstanding(), flags, settled, f.collected().minus(settled));
    }
}
