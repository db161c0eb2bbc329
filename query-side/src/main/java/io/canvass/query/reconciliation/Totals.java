package io.canvass.query.reconciliation;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.canvass.events.Money;
import io.canvass.query.ledger.ContractLedger;

/**
 * Reconciliation totals (docs/domain.md#reconciliation-totals): {@code contracts}, contract value,
 * deposit required and balance due are of the contracts live on the date; the money collected
 * and refunded, and what is outstanding, count every line listed, cancelled ones included, whose
 * refunds stay listed. {@code lines} counts every line listed. {@code settled} is the part of
 * collected that statement lines of a day up to the date settle, {@code inTransit} the rest
 * (docs/finance.md, "Settled and in transit in reconciliation"). The same type sums lines, and
 * the change of a line from one day to the next, which the day and month documents keep (without
 * {@code settled}: a match changes it, not a contract's facts, so it is added when read).
 */
@Schema(name = "ReconciliationTotals")
public record Totals(int contracts, int lines, Money contractValue, Money depositRequired, Money balanceDue,
                     Money depositCollected, Money balanceCollected, Money refunded, Money outstanding, int flagged,
                     Money settled) {

    public static final Totals NONE = new Totals(0, 0, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO,
            Money.ZERO, Money.ZERO, 0, Money.ZERO);

    /** One line's contribution. */
    public static Totals of(ReconciliationLines.Line line) {
        boolean live = line.live();
        return new Totals(live ? 1 : 0, 1,
                live ? line.contractValue() : Money.ZERO,
                live ? line.depositRequired() : Money.ZERO,
                live ? line.balanceDue() : Money.ZERO,
                line.depositCollected(), line.balanceCollected(), line.refunded(), line.outstanding(),
                line.flags().isEmpty() ? 0 : 1, line.settled());
    }

    /** Deposits + balances - refunds. */
    @JsonProperty("collected")
    public Money collected() {
        return ContractLedger.collected(depositCollected, balanceCollected, refunded);
    }

    /** Collected less settled: the money recorded in the field that no statement shows by the date. */
    @JsonProperty("inTransit")
    public Money inTransit() {
        return collected().minus(settled);
    }

    public Totals plus(Totals other) {
        return new Totals(contracts + other.contracts, lines + other.lines, contractValue.plus(other.contractValue),
                depositRequired.plus(other.depositRequired), balanceDue.plus(other.balanceDue),
                depositCollected.plus(other.depositCollected), balanceCollected.plus(other.balanceCollected),
                refunded.plus(other.refunded), outstanding.plus(other.outstanding), flagged + other.flagged,
                settled.plus(other.settled));
    }

    public Totals minus(Totals other) {
        return plus(other.negated());
    }

    Totals negated() {
        return new Totals(-contracts, -lines, Money.ZERO.minus(contractValue), Money.ZERO.minus(depositRequired),
                Money.ZERO.minus(balanceDue), Money.ZERO.minus(depositCollected), Money.ZERO.minus(balanceCollected),
                Money.ZERO.minus(refunded), Money.ZERO.minus(outstanding), -flagged, Money.ZERO.minus(settled));
    }

    boolean none() {
        return equals(NONE);
    }
}
