package io.canvass.command.platform;

/**
 * A command that would break a rule of docs/domain.md#rules, or reuses an id for something else. Answered
 * as 409, and nothing is written.
 */
public class RuleViolation extends RuntimeException {

    public RuleViolation(String message) {
        super(message);
    }
}
