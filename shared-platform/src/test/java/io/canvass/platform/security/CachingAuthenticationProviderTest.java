package io.canvass.platform.security;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A password is checked once a minute per user, however many requests arrive at once. */
class CachingAuthenticationProviderTest {

    private final AtomicInteger checks = new AtomicInteger();
    private final CountDownLatch allWaiting = new CountDownLatch(1);

    /** The slow check (bcrypt's stand-in), counted, held until every request has arrived. */
    private final DaoAuthenticationProvider slow = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(
            User.withUsername("sales1").password("demo").roles("SALES").build())) {
        {
            setPasswordEncoder(NoOpPasswordEncoder.getInstance());
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            checks.incrementAndGet();
            try {
                allWaiting.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.authenticate(authentication);
        }
    };

    private final CachingAuthenticationProvider provider = new CachingAuthenticationProvider(slow, Clock.systemUTC(),
            new LoginThrottle(new LoginThrottle.Limits(null, null), new SimpleMeterRegistry()));

    @Test
    void sixteen_requests_at_once_check_the_password_once() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Authentication>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> provider.authenticate(
                        UsernamePasswordAuthenticationToken.unauthenticated("sales1", "demo"))));
            }
            Thread.sleep(300);
            allWaiting.countDown();
            for (Future<Authentication> answer : answers) {
                assertThat(answer.get().isAuthenticated()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(checks).hasValue(1);
        provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("sales1", "demo"));
        assertThat(checks).as("remembered").hasValue(1);
    }

    @Test
    void a_wrong_password_is_refused_every_time_and_never_remembered() {
        allWaiting.countDown();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> provider.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated("sales1", "wrong")))
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThat(checks).hasValue(3);
    }
}
