package io.canvass.events;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void money_always_has_two_decimals() {
        assertThat(Money.parse("460").toString()).isEqualTo("460.00");
        assertThat(Money.parse("460.5").toString()).isEqualTo("460.50");
        assertThat(Money.of(460).times(540).toString()).isEqualTo("248400.00");
        assertThat(new Money(new BigDecimal("1.230"))).isEqualTo(Money.parse("1.23"));
        assertThat(new Money(new BigDecimal("1.2300000")).amount().scale()).isEqualTo(2);
        assertThat(new Money(new BigDecimal("1E+3")).toString()).isEqualTo("1000.00");
    }

    @Test
    void more_than_two_decimals_are_refused_not_rounded() {
        assertThatThrownBy(() -> Money.parse("0.005")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.parse("0.0050")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(new BigDecimal("1E-10"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.parse("ten")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arithmetic_is_exact() {
        Money cents = Money.ZERO;
        for (int i = 0; i < 10; i++) {
            cents = cents.plus(Money.parse("0.10"));
        }
        assertThat(cents).isEqualTo(Money.parse("1.00"));
        assertThat(Money.parse("1.00").minus(Money.parse("1.01")).isNegative()).isTrue();
    }
}
