package io.canvass.platform.web;

/**
 * Input that is wrong, with the field or query parameter it is about: a 400 naming it. Thrown
 * for what the annotations of a body or the binding of a parameter cannot say.
 */
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
