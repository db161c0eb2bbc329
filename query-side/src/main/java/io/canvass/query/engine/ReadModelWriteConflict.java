package io.canvass.query.engine;

/**
 * A read-model write that lost its condition and cannot be worked out again here: another
 * instance wrote a newer version of a stream this batch holds an older one of (it owns the stream's
 * segment now), or other writers kept changing the same documents. Nothing is parked: the batch
 * fails, its token is not stored, and whoever owns the segment applies its events
 * (docs/read-model-writes.md).
 */
public final class ReadModelWriteConflict extends RuntimeException {

    public ReadModelWriteConflict(String message) {
        super(message);
    }
}
