package io.canvass.platform.web;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.canvass.platform.json.RejectedText;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every failure as RFC 9457 problem+json, the same in both apps: 400 for malformed or invalid
 * input (naming the fields), 403 for what the user may not do, 404 for an unknown id. A 500 means
 * a bug of ours, never a user's mistake. Each app's {@code @RestControllerAdvice} extends this
 * with the failures only it has.
 */
public abstract class ProblemHandling extends ResponseEntityExceptionHandler {

    private TimeWindow window = new TimeWindow(null, null);

    /** The window dates must be in, to say so when one is not. */
    @Autowired
    void timeWindow(TimeWindow configured) {
        this.window = configured;
    }

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']{1,64})'");

    /** One invalid field: its name (a JSON path for nested ones) and what is wrong with it. */
    public record FieldProblem(String field, String message) {
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), message(error)))
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
        return invalid(problems);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyLimit.TooLarge tooLarge) {
                return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Request too large", tooLarge.getMessage());
            }
        }
        if (ex.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return invalid(List.of(new FieldProblem(field, message(mapping))));
        }
        if (ex.getCause() instanceof StreamReadException read && read.getOriginalMessage() != null) {
            Matcher duplicate = DUPLICATE.matcher(read.getOriginalMessage());
            if (duplicate.find()) {
                return invalid(List.of(new FieldProblem(duplicate.group(1), "is given more than once")));
            }
        }
        return problem(HttpStatus.BAD_REQUEST, "Malformed request", "The request body is not valid JSON of the expected shape.");
    }

    /** What is wrong with a field the body's JSON could not be read into. */
    private static String message(JsonMappingException mapping) {
        if (mapping instanceof RejectedText) {
            return mapping.getOriginalMessage();
        }
        if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> type = mismatch.getTargetType();
            if (type.isEnum()) {
                return "must be one of " + Arrays.toString(type.getEnumConstants());
            }
            if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
                return "must be a whole number (a JSON integer, not a fraction or a text)";
            }
            if (type == java.math.BigDecimal.class) {
                return "must be money as a JSON string with at most two decimals, such as \"460.00\"";
            }
            if (type == String.class) {
                return "must be a JSON string";
            }
        }
        return "has the wrong type or format";
    }

    /** A body Jackson could not even map (a definition problem): still the client's body, still a 400. */
    @ExceptionHandler(HttpMessageConversionException.class)
    protected ResponseEntity<Object> unconvertible(HttpMessageConversionException ex) {
        return problem(HttpStatus.BAD_REQUEST, "Malformed request", "The request body is not valid JSON of the expected shape.");
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalid(List.of(new FieldProblem(ex.getParameterName(), "is required")));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : ex.getPropertyName();
        Class<?> type = ex.getRequiredType();
        String expected = type == null ? "a valid value"
                : type.isEnum() ? "one of " + Arrays.toString(type.getEnumConstants())
                : type == LocalDate.class ? "a date as YYYY-MM-DD, " + window.dates()
                : type == Instant.class ? "an ISO-8601 instant such as 2026-03-02T01:30:00Z, " + window.dates()
                : "a " + type.getSimpleName();
        return invalid(List.of(new FieldProblem(name, "must be " + expected)));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    protected ResponseEntity<Object> constraintViolation(ConstraintViolationException ex) {
        List<FieldProblem> problems = ex.getConstraintViolations().stream()
                .map(violation -> {
                    String path = violation.getPropertyPath().toString();
                    return new FieldProblem(path.substring(path.lastIndexOf('.') + 1), violation.getMessage());
                })
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
        return invalid(problems);
    }

    @ExceptionHandler(InvalidField.class)
    protected ResponseEntity<Object> invalidField(InvalidField ex) {
        return invalid(List.of(new FieldProblem(ex.field(), ex.getMessage())));
    }

    @ExceptionHandler(NotFound.class)
    protected ResponseEntity<Object> notFound(NotFound ex) {
        return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage());
    }

    @ExceptionHandler(Busy.class)
    protected ResponseEntity<Object> busy(Busy ex) {
        return problem(HttpStatus.CONFLICT, "Busy", ex.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    protected ResponseEntity<Object> forbidden(AccessDeniedException ex) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", ex.getMessage());
    }

    @ExceptionHandler(Exception.class)
    protected ResponseEntity<Object> unexpected(Exception ex) {
        if (Unavailable.isCause(ex)) {
            log.warn("A database is unreachable: {}", ex.toString());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "a database Canvass needs cannot be reached right now. Send the same request again later:"
                            + " it is safe to repeat (a command that did get recorded answers the same, and writes nothing twice).");
            problem.setTitle("Temporarily unavailable");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(Unavailable.RETRY_AFTER_SECONDS))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        log.error("Unexpected failure", ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the request failed on our side and nothing was recorded; it is logged");
    }

    /** A 400 naming every invalid field, in {@code errors} (field and message) and {@code fields}. */
    protected static ResponseEntity<Object> invalid(List<FieldProblem> problems) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, problems.stream()
                .map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; ")));
        problem.setTitle("Invalid request");
        problem.setProperties(Map.of(
                "errors", problems,
                "fields", problems.stream().map(FieldProblem::field).distinct().toList()));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    protected static ResponseEntity<Object> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String message(FieldError error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }
}
