package io.canvass.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/** A text field that would put something in the log no reader should have to handle: a 400 naming it. */
public final class RejectedText extends JsonMappingException {

    public RejectedText(JsonParser parser, String message) {
        super(parser, message);
    }
}
