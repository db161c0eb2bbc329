package io.canvass.events.contract;

/** How money was handed over. */
public enum PaymentMethod {
    CASH,
    BANK_TRANSFER,
    WECHAT_PAY,
    ALIPAY,
    CARD,
    OTHER
}
