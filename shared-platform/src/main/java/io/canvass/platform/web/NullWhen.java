package io.canvass.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a component of an answer record: null is a real answer here, and this is what it means
 * ("no campaign covers the channel in the range"). Every other component of an answer is always
 * written and never null, and the published OpenAPI document says so ({@link AnswerShapes}): a
 * dashboard reads a figure without a null check, and a null there fails the contract tests.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface NullWhen {

    /** When the value is null, as the end of "null when ..." in the schema's description. */
    String value();
}
