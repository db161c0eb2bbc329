package io.canvass.events.settlement;

/** What of a contract's money a match settles: a deposit, a balance payment, or the refund of a cancellation. */
public enum MatchedKind {
    DEPOSIT,
    BALANCE,
    REFUND
}
