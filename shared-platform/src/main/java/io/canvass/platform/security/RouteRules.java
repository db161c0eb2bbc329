package io.canvass.platform.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may call an app's own endpoints: each app declares one bean of this. The platform puts
 * the rules every app shares (open probes, guarded metrics and actuator, the OpenAPI documents)
 * before them and refuses every request no rule names after them.
 */
@FunctionalInterface
public interface RouteRules {

    void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry routes);
}
