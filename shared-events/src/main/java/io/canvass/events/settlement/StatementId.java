package io.canvass.events.settlement;

import io.canvass.events.Identifier;
import io.canvass.events.StreamIdentifier;

/**
 * Identifies the statement of one {@link StatementSource}: every line of that source, whatever file
 * brought it, is in one stream, so that a line is recorded once and the lines of a source are
 * decided one after the other.
 */
public record StatementId(String value) implements StreamIdentifier {

    /** Prefix of this aggregate type's stream ids in the event store. */
    public static final String STREAM = "statement:";

    public StatementId {
        Identifier.requireValid(value, "StatementId");
    }

    public static StatementId of(StatementSource source) {
        return new StatementId(source.name());
    }

    @Override
    public String streamId() {
        return STREAM + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
