package io.canvass.platform.web;

import io.canvass.events.Identifier;

/** The shape of every id in a request (as {@link Identifier} requires), for annotations and path variables. */
public final class Ids {

    public static final String PATTERN = Identifier.PATTERN;
    public static final String MESSAGE = Identifier.RULE;

    private Ids() {
    }

    /** Checks an id taken from the path, naming it when it is malformed. */
    public static String check(String field, String value) {
        if (!Identifier.isValid(value)) {
            throw new InvalidField(field, MESSAGE);
        }
        return value;
    }
}
