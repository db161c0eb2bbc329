package io.canvass.events.settlement;

import io.canvass.events.contract.PaymentMethod;

import java.util.Set;

/**
 * Where money lands, each with its own statement, and the payment methods whose money lands there
 * (docs/domain.md, "Money arrives: settlement"): a payment is matched only with a line of its
 * method's statement.
 */
public enum StatementSource {
    /** The branch's bank account: transfers and card payments. */
    BANK(Set.of(PaymentMethod.BANK_TRANSFER, PaymentMethod.CARD)),
    /** WeChat Pay's merchant statement. */
    WECHAT_PAY(Set.of(PaymentMethod.WECHAT_PAY)),
    /** Alipay's merchant statement. */
    ALIPAY(Set.of(PaymentMethod.ALIPAY)),
    /** The branch's cash deposit slips: the day's cash paid into the bank, one slip for several receipts. */
    CASH_SLIP(Set.of(PaymentMethod.CASH));

    private final Set<PaymentMethod> methods;

    StatementSource(Set<PaymentMethod> methods) {
        this.methods = methods;
    }

    /** The payment methods whose money this statement shows. */
    public Set<PaymentMethod> methods() {
        return methods;
    }
}
