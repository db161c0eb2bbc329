package io.canvass.events.settlement;

/** How a match was made: by the rules alone, by finance confirming a proposal, or by finance's own choice. */
public enum MatchKind {
    AUTOMATIC,
    CONFIRMED,
    MANUAL
}
