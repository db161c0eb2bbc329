package io.canvass.events;

/**
 * The id of an aggregate whose events form a stream of their own. The stream id is typed
 * ({@code contract:c-1}), so that a contract and a prospect that happen to share an id never share
 * a stream in the event store.
 */
public interface StreamIdentifier extends Identifier {

    /** The id of this aggregate's event stream: its type, ':' and its id (':' never occurs in an id). */
    String streamId();
}
