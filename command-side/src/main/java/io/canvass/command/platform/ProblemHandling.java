package io.canvass.command.platform;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The platform's problem+json answers, and those only commands have: 404 for an unknown
 * aggregate, 409 for a broken rule or a concurrent change.
 */
@RestControllerAdvice
public class ProblemHandling extends io.canvass.platform.web.ProblemHandling {

    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<Object> ruleViolation(RuleViolation ex) {
        return problem(HttpStatus.CONFLICT, "Refused by a business rule", ex.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<Object> notFound(AggregateNotFoundException ex) {
        String streamId = String.valueOf(ex.getAggregateIdentifier());
        return problem(HttpStatus.NOT_FOUND, "Not found",
                "nothing is recorded under id " + streamId.substring(streamId.indexOf(':') + 1));
    }

    /**
     * Only after {@link CommandSender} decided the command again several times and another change
     * won every time (a true race on one record, docs/command-consistency.md).
     */
    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class})
    ResponseEntity<Object> concurrentChange(RuntimeException ex) {
        return problem(HttpStatus.CONFLICT, "Concurrent change",
                "another change to the same record was written at the same moment; send the request again");
    }

    /** The command bus wraps what a handler threw; answer for the cause. */
    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<Object> commandFailed(CommandExecutionException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof RuleViolation violation) {
            return ruleViolation(violation);
        }
        if (cause instanceof AggregateNotFoundException notFound) {
            return notFound(notFound);
        }
        if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
            return concurrentChange((RuntimeException) cause);
        }
        return unexpected(ex);
    }
}
