package io.canvass.events.contract;

/** A sale takes a down payment (定金); a distribution agreement takes a sample deposit (押金). */
public enum ContractKind {
    SALE,
    DISTRIBUTION
}
