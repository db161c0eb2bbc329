package io.canvass.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP Basic with the roles of docs/api.md#users-and-roles, for both apps; each app adds its own {@link RouteRules}.
 * The demo users (password {@code demo}) exist only on the {@link EmbeddedDefault}; anywhere else
 * users come from {@code canvass.security.users} with hashed passwords, and the {@code prod}
 * profile refuses to start with demo users.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SecurityConfiguration.Users.class, LoginThrottle.Limits.class})
public class SecurityConfiguration {

    /** Demo users of docs/api.md#users-and-roles: name and role. */
    public static final List<List<String>> DEMO_USERS = List.of(
            List.of("manager", "MANAGER"), List.of("sales1", "SALES"), List.of("sales2", "SALES"),
            List.of("sales3", "SALES"), List.of("installer", "INSTALLER"), List.of("finance", "FINANCE"),
            List.of("auditor", "AUDITOR"), List.of("admin", "ADMIN"));

    /**
     * @param users       configured users; password is an encoded hash such as {@code {bcrypt}$2a$...}
     * @param pageOrigins the origins of the web page allowed to send this app commands from the browser
     *                    (CORS, HTTP Basic, never cookies): the query side's address as people open it,
     *                    such as {@code https://canvass.branch.example}; none by default
     */
    @Validated
    @ConfigurationProperties("canvass.security")
    public record Users(List<ConfiguredUser> users, Boolean demoUsers,
                        List<@Pattern(regexp = "https?://[^/\\s]+", message = "must be an origin such as"
                                + " https://canvass.example or http://localhost:8081 (no path)") String> pageOrigins) {
        public Users {
            users = users == null ? List.of() : List.copyOf(users);
            pageOrigins = pageOrigins == null ? List.of() : List.copyOf(pageOrigins);
        }
    }

    public record ConfiguredUser(String name, String password, String role) {
    }

    @Bean
    public SecurityFilterChain api(HttpSecurity http, ObjectMapper objectMapper, RouteRules routes,
                                   ObjectProvider<SignInPage> signInPage, Users configured) throws Exception {
        SignInPage page = signInPage.getIfAvailable();
        if (!configured.pageOrigins().isEmpty()) {
            http.cors(cors -> cors.configurationSource(pageOrigins(configured.pageOrigins())));
        }
        // CSRF tokens guard sessions a browser sends by itself; the session cookie is SameSite=Strict
        // (server.servlet.session.cookie.same-site), so no other site's request carries it
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(
                        page == null ? SessionCreationPolicy.STATELESS : SessionCreationPolicy.IF_REQUIRED))
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                    if (e instanceof LoginThrottle.Throttled throttled) {
                        response.setHeader("Retry-After", Long.toString(Math.max(1, throttled.retryAfter().toSeconds() + 1)));
                        Problems.write(objectMapper, response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins",
                                throttled.getMessage(), false);
                    } else {
                        Problems.write(objectMapper, response, HttpStatus.UNAUTHORIZED, "Authentication required",
                                "sign in with HTTP Basic", true);
                    }
                }))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) -> {
                            if (page != null && page.isPage(request)) {
                                response.sendRedirect(page.loginPage());
                            } else {
                                Problems.write(objectMapper, response, HttpStatus.UNAUTHORIZED, "Authentication required",
                                        "sign in with HTTP Basic", true);
                            }
                        })
                        .accessDeniedHandler((request, response, e) -> {
                            if (page != null && page.isPage(request)) {
                                forbiddenPage(response);
                            } else {
                                Problems.write(objectMapper, response, HttpStatus.FORBIDDEN, "Forbidden",
                                        "your role may not do this", false);
                            }
                        }))
                .authorizeHttpRequests(auth -> {
                    if (page != null) {
                        auth.requestMatchers(page.loginPage()).permitAll();
                    }
                    // the probes are open; metrics need a user: ADMIN, or METRICS for a scraper that may do nothing else
                    auth.requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                            .requestMatchers("/actuator/prometheus").hasAnyRole("ADMIN", "METRICS")
                            .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                            .requestMatchers("/actuator/**").hasRole("ADMIN");
                    routes.apply(auth);
                    auth.anyRequest().denyAll();
                });
        if (page != null) {
            signInPage(http, page);
        }
        return http.build();
    }

    /**
     * The web page is served by the query side, another origin than this app's: its finance views
     * send their commands here with HTTP Basic, so this app answers them (and their preflight, before
     * any authentication) for those origins only. No cookies cross: credentials stay an explicit
     * Authorization header, which no other site's page can make a browser send.
     */
    static CorsConfigurationSource pageOrigins(List<String> origins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(origins);
        cors.setAllowedMethods(List.of("GET", "POST"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        return source;
    }

    /** The sign-in form and session of {@link SignInPage}. */
    private static void signInPage(HttpSecurity http, SignInPage page) throws Exception {
        http.formLogin(form -> form.loginPage(page.loginPage()).loginProcessingUrl(page.loginPage())
                        .defaultSuccessUrl("/", false)
                        .failureHandler((request, response, e) -> response.sendRedirect(page.loginPage()
                                + (e instanceof LoginThrottle.Throttled ? "?throttled" : "?error"))))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl(page.loginPage() + "?signedOut"));
    }

    /** A page someone's role may not open: a short page in both languages, not JSON. */
    static void forbiddenPage(HttpServletResponse response) throws java.io.IOException {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width\"><title>403</title>"
                + "<p id=\"forbidden\">无权查看此页面。 Your role may not open this page.</p>"
                + "<p><a href=\"/\">返回首页 Back</a></p></html>");
    }

    /**
     * A request the firewall refuses (an encoded NUL or other never-valid character in its path) is
     * a 400 problem like every other, not the servlet container's HTML page.
     */
    @Bean
    public RequestRejectedHandler requestRejectedHandler(ObjectMapper objectMapper) {
        return (request, response, e) -> Problems.write(objectMapper, response, HttpStatus.BAD_REQUEST,
                "Malformed request", "the request's path or parameters hold characters that are never valid", false);
    }

    @Bean
    public LoginThrottle loginThrottle(LoginThrottle.Limits limits, ObjectProvider<MeterRegistry> meters) {
        return new LoginThrottle(limits, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    public AuthenticationProvider authenticationProvider(UserDetailsService users, PasswordEncoder encoder, Clock clock,
                                                         LoginThrottle throttle) {
        DaoAuthenticationProvider checked = new DaoAuthenticationProvider(users);
        checked.setPasswordEncoder(encoder);
        return new CachingAuthenticationProvider(checked, clock, throttle);
    }

    @Bean
    public PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The users: the demo users where {@code canvass.security.demo-users} says so, or by default on
     * the embedded default outside the {@code prod} profile; and the configured ones.
     */
    @Bean
    public UserDetailsService users(Users configured, Environment environment, PasswordEncoder encoder,
                                    EmbeddedDefault embeddedDefault) {
        boolean production = environment.acceptsProfiles(Profiles.of("prod"));
        boolean demo = configured.demoUsers() == null ? embeddedDefault.embedded() && !production
                : configured.demoUsers();
        if (demo && production) {
            throw new IllegalStateException("The prod profile refuses to start with the demo users:"
                    + " set canvass.security.demo-users=false and configure canvass.security.users");
        }
        List<UserDetails> users = new ArrayList<>();
        if (demo) {
            String password = encoder.encode("demo");
            DEMO_USERS.forEach(user -> users.add(User.withUsername(user.get(0)).password(password).roles(user.get(1)).build()));
        }
        configured.users().forEach(user -> users.add(
                User.withUsername(user.name()).password(user.password()).roles(user.role()).build()));
        if (users.isEmpty()) {
            throw new IllegalStateException("No users: outside the embedded default, configure canvass.security.users"
                    + " (name, password as an encoded hash such as {bcrypt}..., role)");
        }
        return new InMemoryUserDetailsManager(users);
    }
}
