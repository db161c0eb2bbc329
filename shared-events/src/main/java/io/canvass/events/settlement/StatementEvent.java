package io.canvass.events.settlement;

import java.time.Instant;

/** What finance recorded of a source's statement: the lines where money landed or left. */
public sealed interface StatementEvent permits StatementLineRecorded {

    StatementSource source();

    /** When finance recorded it (the statement's own day is in the event). */
    Instant occurredAt();
}
