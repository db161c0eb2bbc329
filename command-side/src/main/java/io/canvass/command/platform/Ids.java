package io.canvass.command.platform;

/** The shape of every id in a request, as {@link io.canvass.events.Identifiers} requires. */
public final class Ids {

    public static final String PATTERN = "[A-Za-z0-9._-]{1,64}";
    public static final String MESSAGE = "must be 1 to 64 letters, digits, '.', '_' or '-'";

    private Ids() {
    }

    /** Checks an id taken from the path, naming it when it is malformed. */
    public static String check(String field, String value) {
        if (value == null || !value.matches(PATTERN)) {
            throw new InvalidField(field, MESSAGE);
        }
        return value;
    }
}
