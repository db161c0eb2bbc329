package io.canvass.events.settlement;

/**
 * The settlement flags (docs/domain.md, "Money arrives: settlement"), each about one subject: a
 * payment ({@code UNSETTLED}), a statement line ({@code UNKNOWN_RECEIPT}) or a match
 * ({@code AMOUNT_DIFFERS}).
 */
public enum SettlementFlag {
    /** A payment collected in the field still unmatched N days after its day: money that did not arrive. */
    UNSETTLED,
    /** A statement line still unmatched N days after its day: money no payment explains. */
    UNKNOWN_RECEIPT,
    /** A confirmed or manual match whose payments and lines do not add up to the same. */
    AMOUNT_DIFFERS
}
