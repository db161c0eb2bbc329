package io.canvass.query.platform;

import io.canvass.query.audit.ChainVerifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The platform's problem+json answers, and a verification asked for while one runs (409). */
@RestControllerAdvice
public class ProblemHandling extends io.canvass.platform.web.ProblemHandling {

    @ExceptionHandler(ChainVerifier.AlreadyRunning.class)
    protected ResponseEntity<Object> verificationRunning(ChainVerifier.AlreadyRunning ex) {
        return problem(HttpStatus.CONFLICT, "Verification running", ex.getMessage());
    }
}
