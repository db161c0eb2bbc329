package io.canvass.platform.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic checks the password on every request, and a bcrypt check costs tens of milliseconds
 * of CPU: more than the command itself. A successful check is remembered for a minute, keyed by
 * the user and a SHA-256 of the password (the password itself is never kept), so a field app
 * sending many requests pays for it once a minute. A wrong password is never cached, and is
 * counted by the {@link LoginThrottle}, which refuses further guesses for a while.
 * <p>
 * One check at a time per user and password: when a remembered check expires under load, every
 * request of that user missed it at once and ran its own bcrypt (profiled under the benchmark: 8% of
 * the command side's CPU); now the others wait for the first and take its answer.
 */
public final class CachingAuthenticationProvider implements AuthenticationProvider {

    private static final Duration TTL = Duration.ofMinutes(1);
    private static final int MAX_ENTRIES = 10_000;

    private record Remembered(Authentication authentication, Instant until) {
    }

    private final DaoAuthenticationProvider delegate;
    private final Clock clock;
    private final LoginThrottle throttle;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Authentication>> checking = new ConcurrentHashMap<>();

    public CachingAuthenticationProvider(DaoAuthenticationProvider delegate, Clock clock, LoginThrottle throttle) {
        this.delegate = delegate;
        this.clock = clock;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Object credentials = authentication.getCredentials();
        if (credentials == null) {
            return delegate.authenticate(authentication);
        }
        String key = authentication.getName() + "\u0000" + sha256(credentials.toString());
        Instant now = clock.instant();
        Remembered known = remembered.get(key);
        if (known != null && known.until().isAfter(now)) {
            return known.authentication();
        }
        CompletableFuture<Authentication> mine = new CompletableFuture<>();
        CompletableFuture<Authentication> running = checking.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException failed) {
                throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
            }
        }
        try {
            Authentication result = check(authentication, key, now);
            mine.complete(result);
            return result;
        } catch (RuntimeException failed) {
            mine.completeExceptionally(failed);
            throw failed;
        } finally {
            checking.remove(key, mine);
        }
    }

    private Authentication check(Authentication authentication, String key, Instant now) {
        // not known to be right: a guess, unless the user or the address has failed too often lately
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
        throttle.check(authentication.getName(), address);
        Authentication result;
        try {
            result = delegate.authenticate(authentication);
        } catch (BadCredentialsException | UsernameNotFoundException wrong) {
            throttle.failed(authentication.getName(), address);
            throw wrong;
        }
        if (remembered.size() >= MAX_ENTRIES) {
            remembered.clear();
        }
        remembered.put(key, new Remembered(result, now.plus(TTL)));
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
