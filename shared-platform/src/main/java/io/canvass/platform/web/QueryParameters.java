package io.canvass.platform.web;

import io.canvass.events.Channel;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

import java.beans.PropertyEditorSupport;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Query parameters and path variables, read strictly: dates and instants are ISO-8601 and within
 * the {@link TimeWindow} (anything else is a 400 naming the parameter, never an overflow deeper
 * down), and a channel is one of its names exactly (Spring's own converter trims "\u0000" to
 * nothing, which would silently mean "every channel").
 */
@ControllerAdvice
public class QueryParameters {

    private final TimeWindow window;

    public QueryParameters(TimeWindow window) {
        this.window = window;
    }

    @InitBinder
    void times(WebDataBinder binder) {
        binder.registerCustomEditor(LocalDate.class, editor(LocalDate::parse, window::allows));
        binder.registerCustomEditor(Instant.class, editor(Instant::parse, window::allows));
        binder.registerCustomEditor(Channel.class, editor(Channel::valueOf, channel -> true));
    }

    private static <T> PropertyEditorSupport editor(Function<String, T> parse, Predicate<T> allowed) {
        return new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                if (text == null || text.isEmpty()) {
                    setValue(null);
                    return;
                }
                T value;
                try {
                    value = parse.apply(text);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("not ISO-8601: " + text, e);
                }
                // Channel::valueOf throws IllegalArgumentException itself for an unknown name
                if (!allowed.test(value)) {
                    throw new IllegalArgumentException("outside the supported window: " + text);
                }
                setValue(value);
            }
        };
    }
}
