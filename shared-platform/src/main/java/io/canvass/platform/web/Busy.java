package io.canvass.platform.web;

/** The request cannot be served while something else runs (a verification of the whole chain): a 409. */
public class Busy extends RuntimeException {

    public Busy(String message) {
        super(message);
    }
}
