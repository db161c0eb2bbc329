package io.canvass.platform.web;

/** Nothing is known under the id asked for: a 404. */
public class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}
