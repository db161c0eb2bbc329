package io.canvass.command.platform;

/** Input that passed the body's annotations but is still wrong, with the field it is about: a 400. */
public class InvalidField extends RuntimeException {

    private final String field;

    public InvalidField(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
