package io.canvass.query.engine;

import io.canvass.platform.web.Unavailable;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.TaskDecorator;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request reads one generation of the read models: the one current when it began, resolved here
 * once, for all its reads, its streamed body included (the task that writes a streamed body reads
 * the same one: {@link Definition#readTheRequestsGeneration}). Meanwhile this instance counts it as
 * a reader of that generation, until its response, streamed or not, is complete: a switch's old
 * generation is dropped only when no request reads it (docs/read-model-engine.md#requests-and-generations).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class GenerationPerRequest extends OncePerRequestFilter {

    private final ReadModelGenerations generations;

    GenerationPerRequest(ReadModelGenerations generations) {
        this.generations = generations;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int generation = generations.acquire();
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                generations.release(generation);
            }
        };
        generations.bind(generation);
        try {
            chain.doFilter(request, response);
        } finally {
            generations.bind(null);
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new Completion(release));
            } else {
                release.run();
            }
        }
    }

    /** A streamed body (CSV, SSE, the audit stream) ends here, however it ends. */
    private record Completion(Runnable release) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            release.run();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            release.run();
        }

        @Override
        public void onError(AsyncEvent event) {
            release.run();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Definition {

        /**
         * Spring Boot's task executor runs streamed bodies: such a task reads the generation of the
         * request that gave it, not whichever is current when it runs.
         */
        @Bean
        TaskDecorator readTheRequestsGeneration(ReadModelGenerations generations) {
            return task -> {
                Integer generation = generations.bound();
                if (generation == null) {
                    return task;
                }
                return () -> {
                    Integer before = generations.bound();
                    generations.bind(generation);
                    try {
                        task.run();
                    } finally {
                        generations.bind(before);
                    }
                };
            };
        }
    }

    /**
     * The last look before an answer is written, once every read of it is done: a read whose
     * generation was dropped while it ran (it found nothing, not the figures) is not answered from it.
     */
    @RestControllerAdvice
    static class CheckedBeforeWriting implements ResponseBodyAdvice<Object> {

        private final ReadModelGenerations generations;

        CheckedBeforeWriting(ReadModelGenerations generations) {
            this.generations = generations;
        }

        @Override
        public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
            return true;
        }

        @Override
        public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                      Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                      ServerHttpResponse response) {
            if (!(body instanceof ProblemDetail)) {
                generations.stillThere();
            }
            return body;
        }
    }

    /**
     * A read of a generation dropped under it: 503 with {@code Retry-After}, the same request asked
     * again reads the current generation. Before the application's own handling, which would call it
     * unexpected.
     */
    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class GoneHandling {

        @ExceptionHandler(ReadModelGenerations.GenerationGone.class)
        ResponseEntity<ProblemDetail> gone(ReadModelGenerations.GenerationGone gone) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, gone.getMessage());
            problem.setTitle("Temporarily unavailable");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(Unavailable.RETRY_AFTER_SECONDS))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
    }
}
