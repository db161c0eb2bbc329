package io.canvass.events;

import java.util.regex.Pattern;

/**
 * An identifier that is, on the wire and in storage, just its text. Every identifier follows the
 * same rule ({@link #PATTERN}) and checks it itself, in its constructor, through
 * {@link #requireValid}.
 */
public interface Identifier {

    /** 1 to 64 letters, digits, '.', '_' or '-': safe in a URL path, a log line and a stream id. */
    String PATTERN = "[A-Za-z0-9._-]{1,64}";

    /** What {@link #PATTERN} means, in words for an error message. */
    String RULE = "must be 1 to 64 letters, digits, '.', '_' or '-'";

    String value();

    /** Whether a text is a valid identifier. */
    static boolean isValid(String value) {
        return value != null && Holder.COMPILED.matcher(value).matches();
    }

    /** The text, if it is a valid identifier; otherwise an {@link IllegalArgumentException} naming {@code what}. */
    static String requireValid(String value, String what) {
        if (!isValid(value)) {
            throw new IllegalArgumentException(what + " " + RULE);
        }
        return value;
    }

    /** Interfaces cannot hold private constants. */
    final class Holder {
        private static final Pattern COMPILED = Pattern.compile(PATTERN);

        private Holder() {
        }
    }
}
