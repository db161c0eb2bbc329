package io.canvass.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.canvass.platform.security.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * No request body larger than {@code canvass.http.max-body-bytes} (64 KiB by default: a command is
 * well under 4 KiB) is read: one that says it is larger is answered 413 at once; one that does not
 * say (chunked) is read up to the limit, and then refused with 413 as well ({@link TooLarge}).
 */
public class BodyLimit extends OncePerRequestFilter {

    /** Thrown when a body without a declared length goes past the limit; answered 413. */
    public static final class TooLarge extends IOException {
        public TooLarge(long limit) {
            super(detail(limit));
        }
    }

    private final long limit;
    private final java.util.Map<String, Long> larger;
    private final ObjectMapper mapper;

    public BodyLimit(long limit, ObjectMapper mapper) {
        this(limit, java.util.Map.of(), mapper);
    }

    /** @param larger other limits for some paths (a batch of commands) */
    public BodyLimit(long limit, java.util.Map<String, Long> larger, ObjectMapper mapper) {
        this.limit = limit;
        this.larger = java.util.Map.copyOf(larger);
        this.mapper = mapper;
    }

    public static String detail(long limit) {
        return "a request body may be at most " + limit + " bytes";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = larger.getOrDefault(request.getServletPath(), this.limit);
        if (request.getContentLengthLong() > limit) {
            response.setHeader("Connection", "close");
            Problems.write(mapper, response, HttpStatus.PAYLOAD_TOO_LARGE, "Request too large", detail(limit), false);
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding()));
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private long read;

        Counting(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        private int count(int bytes) throws TooLarge {
            if (bytes > 0) {
                read += bytes;
                if (read > limit) {
                    throw new TooLarge(limit);
                }
            }
            return bytes;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return count(delegate.read(buffer, offset, length));
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
