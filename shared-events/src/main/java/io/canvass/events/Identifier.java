package io.canvass.events;

/** An identifier that is, on the wire and in storage, just its text. */
public interface Identifier {

    String value();
}
