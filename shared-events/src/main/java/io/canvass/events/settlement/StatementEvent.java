package io.canvass.events.settlement;

import java.time.Instant;

/** What finance recorded of a source's statement: the lines where money landed or left, and what they settle. */
public sealed interface StatementEvent permits StatementLineRecorded, PaymentsMatched, MatchProposed, MatchUndone,
        SettlementFlagRaised, SettlementFlagCleared {

    StatementSource source();

    /** When finance recorded it (the statement's own day is in the event). */
    Instant occurredAt();
}
