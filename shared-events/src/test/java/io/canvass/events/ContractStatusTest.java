package io.canvass.events;

import io.canvass.events.contract.ContractStatus;
import org.junit.jupiter.api.Test;

import static io.canvass.events.contract.ContractStatus.of;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/domain.md#contract-status: SIGNED -> DEPOSIT_PAID -> INSTALLING -> INSTALLED -> COMPLETED; CANCELLED. */
class ContractStatusTest {

    static final Money REQUIRED = Money.parse("400.00");

    @Test
    void signed_until_the_deposit_required_is_fully_in() {
        assertThat(of(false, 2, 0, REQUIRED, Money.parse("399.99"), Money.parse("1600.01"))).isEqualTo(ContractStatus.SIGNED);
        assertThat(of(false, 2, 0, REQUIRED, REQUIRED, Money.parse("1600.00"))).isEqualTo(ContractStatus.DEPOSIT_PAID);
    }

    @Test
    void a_contract_requiring_no_deposit_is_deposit_paid_at_signing() {
        assertThat(of(false, 2, 0, Money.ZERO, Money.ZERO, Money.parse("2000.00"))).isEqualTo(ContractStatus.DEPOSIT_PAID);
    }

    @Test
    void installing_installed_and_completed() {
        assertThat(of(false, 2, 1, REQUIRED, REQUIRED, Money.parse("1600.00"))).isEqualTo(ContractStatus.INSTALLING);
        assertThat(of(false, 2, 2, REQUIRED, REQUIRED, Money.parse("0.01"))).isEqualTo(ContractStatus.INSTALLED);
        assertThat(of(false, 2, 2, REQUIRED, REQUIRED, Money.ZERO)).isEqualTo(ContractStatus.COMPLETED);
    }

    @Test
    void cancelled_wins_and_closed_statuses_take_nothing_more() {
        assertThat(of(true, 2, 0, REQUIRED, REQUIRED, Money.ZERO)).isEqualTo(ContractStatus.CANCELLED);
        assertThat(ContractStatus.CANCELLED.isClosed()).isTrue();
        assertThat(ContractStatus.COMPLETED.isClosed()).isTrue();
        assertThat(ContractStatus.INSTALLED.isClosed()).isFalse();
    }
}
