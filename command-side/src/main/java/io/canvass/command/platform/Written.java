package io.canvass.command.platform;

/**
 * What a successful command answers: the aggregate, its version after the command (the sequence
 * number of the event that records it) and that event's global position, which a reader can
 * pass to the query side as {@code minPosition}.
 */
public record Written(String id, String aggregateId, long version, long position) {

    public Written(String aggregateId, long version, long position) {
        this(aggregateId, aggregateId, version, position);
    }
}
