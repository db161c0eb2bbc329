package io.canvass.command.platform;

import io.canvass.events.StreamIdentifier;

/** Whether an aggregate has been created: whether its stream holds any event. */
@FunctionalInterface
public interface Streams {

    boolean exists(StreamIdentifier id);
}
