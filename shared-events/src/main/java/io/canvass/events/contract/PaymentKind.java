package io.canvass.events.contract;

/** Which of a contract's payments: the deposit before installation or the balance after it. */
public enum PaymentKind {
    DEPOSIT,
    BALANCE
}
