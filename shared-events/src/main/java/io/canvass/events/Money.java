package io.canvass.events;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An exact amount of yuan with two decimals. Never a floating point number: amounts with more
 * than two decimals are refused rather than rounded, because money that silently changes is a
 * reconciliation finding waiting to happen.
 */
public record Money(BigDecimal amount) implements Comparable<Money> {

    /** Zero yuan, {@code 0.00}. */
    public static final Money ZERO = new Money(BigDecimal.ZERO);

    public Money {
        Objects.requireNonNull(amount, "amount");
        if (amount.scale() != 2) {
            // not stripTrailingZeros(): it divides by ten until it cannot, and every sum of two amounts came here
            try {
                amount = amount.setScale(2, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException moreDecimals) {
                throw new IllegalArgumentException("money has at most two decimals: " + amount.toPlainString());
            }
        }
    }

    /** Parses {@code "460"}, {@code "460.5"} or {@code "460.00"}; refuses more than two decimals. */
    public static Money parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return new Money(new BigDecimal(text.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an amount of money: " + text, e);
        }
    }

    public static Money of(long yuan) {
        return new Money(BigDecimal.valueOf(yuan));
    }

    public Money plus(Money other) {
        return new Money(amount.add(other.amount));
    }

    public Money minus(Money other) {
        return new Money(amount.subtract(other.amount));
    }

    public Money times(long factor) {
        return new Money(amount.multiply(BigDecimal.valueOf(factor)));
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean exceeds(Money other) {
        return compareTo(other) > 0;
    }

    public Money max(Money other) {
        return compareTo(other) >= 0 ? this : other;
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(other.amount);
    }

    /** The plain decimal text with two decimals, e.g. {@code 460.00}: the form used in JSON. */
    @Override
    public String toString() {
        return amount.toPlainString();
    }
}
