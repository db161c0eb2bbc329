package io.canvass.query.platform;

import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The platform's problem+json answers; queries have no failures of their own. */
@RestControllerAdvice
public class ProblemHandling extends io.canvass.platform.web.ProblemHandling {
}
