package io.canvass.command.period;

/** Where the event store stands: the global position of the last event stored. */
public interface EventStoreHead {

    long position();
}
