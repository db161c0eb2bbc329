package io.canvass.query.engine;

/**
 * A read-model document that a real MongoDB would refuse (over 16 MB, or invalid), or did refuse:
 * no retry can write it, so the event that made it fails and its stream is parked once
 * ({@link Projector}), while every other stream flows on (docs/read-model-writes.md).
 */
public final class ReadModelWriteRefused extends RuntimeException {

    private final String readModel;
    private final String collection;
    private final String document;

    public ReadModelWriteRefused(String readModel, String collection, String document, String reason) {
        super("read model " + readModel + " cannot write document " + document + " of " + collection + ": " + reason);
        this.readModel = readModel;
        this.collection = collection;
        this.document = document;
    }

    public String readModel() {
        return readModel;
    }

    public String collection() {
        return collection;
    }

    public String document() {
        return document;
    }
}
