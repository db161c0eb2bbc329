package io.canvass.platform.security;

import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.security.core.AuthenticationException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A brake on password guessing: failed logins are counted per user name and per client address
 * in token buckets (Bucket4j); once either is empty, further attempts that are not already known
 * to be right are answered 429 with {@code Retry-After}, without checking the password (which
 * also keeps a guessing client from eating the CPU bcrypt needs). The buckets refill within a
 * minute. Every failure is logged as a security event and counted in
 * {@code canvass_login_failures_total} (outcome refused or throttled).
 * <p>
 * A user whose credentials were checked right within the last minute is never throttled (see
 * {@link CachingAuthenticationProvider}): an attack on their name from elsewhere does not lock them
 * out. A user signing in afresh while their name is under attack waits for the bucket like the
 * attacker: answering them would tell the attacker which password is right.
 */
public final class LoginThrottle {

    private static final Logger securityLog = LoggerFactory.getLogger("canvass.security");
    private static final int MAX_KEYS = 100_000;

    /**
     * @param perUser    failed logins a minute for one user name, from anywhere (default 10)
     * @param perAddress failed logins a minute from one client address, for any user (default 30)
     */
    @ConfigurationProperties("canvass.security.login-throttle")
    public record Limits(Integer perUser, Integer perAddress) {
        public Limits {
            perUser = perUser == null ? 10 : perUser;
            perAddress = perAddress == null ? 30 : perAddress;
        }
    }

    /** An attempt refused because too many logins failed lately: a 429. */
    public static final class Throttled extends AuthenticationException {
        private final Duration retryAfter;

        Throttled(Duration retryAfter) {
            super("too many failed logins; try again in " + Math.max(1, retryAfter.toSeconds()) + " s");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    private final Limits limits;
    private final Map<String, Bucket> users = new ConcurrentHashMap<>();
    private final Map<String, Bucket> addresses = new ConcurrentHashMap<>();
    private final Counter refused;
    private final Counter throttled;

    public LoginThrottle(Limits limits, MeterRegistry meters) {
        this.limits = limits;
        this.refused = Counter.builder("canvass.login.failures").tag("outcome", "refused")
                .description("Logins refused: a wrong user name or password").register(meters);
        this.throttled = Counter.builder("canvass.login.failures").tag("outcome", "throttled")
                .description("Logins not even checked: too many failures lately for the user or the address").register(meters);
    }

    /** Throws {@link Throttled} when the user or the address has no failures left to spend. */
    public void check(String user, String address) {
        Bucket byUser = users.get(user);
        Bucket byAddress = address == null ? null : addresses.get(address);
        long wait = Math.max(waitNanos(byUser), waitNanos(byAddress));
        if (wait > 0) {
            throttled.increment();
            securityLog.warn("login throttled: user={} address={}", printable(user), printable(address));
            throw new Throttled(Duration.ofNanos(wait));
        }
    }

    /** Spends one failure of the user's and of the address's. */
    public void failed(String user, String address) {
        refused.increment();
        securityLog.warn("login failed: user={} address={}", printable(user), printable(address));
        bucket(users, user, limits.perUser()).tryConsume(1);
        if (address != null) {
            bucket(addresses, address, limits.perAddress()).tryConsume(1);
        }
    }

    private static long waitNanos(Bucket bucket) {
        return bucket == null || bucket.getAvailableTokens() > 0 ? 0
                : Math.max(1, bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
    }

    private static Bucket bucket(Map<String, Bucket> buckets, String key, int perMinute) {
        if (buckets.size() >= MAX_KEYS) {
            // a flood of made-up names or addresses must not grow memory without end
            buckets.clear();
        }
        return buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build());
    }

    /** A user name or address as it may go into a log line: no line breaks or other controls, bounded. */
    static String printable(String text) {
        if (text == null) {
            return "-";
        }
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }
}
