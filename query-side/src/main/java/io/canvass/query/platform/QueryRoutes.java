package io.canvass.query.platform;

import io.canvass.platform.security.EmbeddedDefault;
import io.canvass.platform.security.RouteRules;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may read which dashboard and open which view of the web page (docs/api.md#users-and-roles);
 * the rest of security is the platform's.
 */
@Configuration(proxyBeanMethods = false)
public class QueryRoutes {

    @Bean
    public RouteRules queryRouteRules() {
        return routes -> routes
                // the web page: the sign-in form and the page's own files are open; each view as its figures
                .requestMatchers(HttpMethod.GET, "/login.html", "/locale.js", "/assets/**", "/webjars/**", "/favicon.ico").permitAll()
                .requestMatchers(HttpMethod.GET, "/", "/app.html", "/api/me", "/api/progress").authenticated()
                .requestMatchers(HttpMethod.GET, "/coverage", "/quota").hasAnyRole("MANAGER", "SALES")
                .requestMatchers(HttpMethod.GET, "/profit", "/campaigns").hasAnyRole("MANAGER", "FINANCE")
                .requestMatchers(HttpMethod.GET, "/reconciliation").hasAnyRole("MANAGER", "FINANCE", "AUDITOR")
                .requestMatchers(HttpMethod.GET, "/audit").hasRole("AUDITOR")
                .requestMatchers(HttpMethod.GET, "/settlement", "/month").hasAnyRole("FINANCE", "AUDITOR")
                .requestMatchers(HttpMethod.GET, "/api/coverage/**", "/api/quota/**").hasAnyRole("MANAGER", "SALES")
                .requestMatchers(HttpMethod.GET, "/api/profit/**", "/api/campaigns", "/api/campaigns/**",
                        "/api/follow-ups").hasAnyRole("MANAGER", "FINANCE")
                // what landed where, from finance's statements: finance and its auditors (docs/finance.md)
                .requestMatchers(HttpMethod.GET, "/api/finance/statements/**", "/api/finance/settlement", "/api/finance/settlement/**",
                        "/api/finance/periods/**")
                .hasAnyRole("FINANCE", "AUDITOR")
                .requestMatchers(HttpMethod.GET, "/api/finance/**").hasAnyRole("MANAGER", "FINANCE", "AUDITOR")
                .requestMatchers(HttpMethod.GET, "/api/audit/digest", "/api/audit/verify", "/api/audit/verify/stream", "/api/audit/export",
                        "/api/audit/contracts/*/verify", "/api/audit/chain").hasAnyRole("AUDITOR", "ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/audit/**").hasRole("AUDITOR")
                .requestMatchers("/api/admin/**").hasRole("ADMIN");
    }

    /** The query side is on the embedded default when no MongoDB is configured. */
    @Bean
    public EmbeddedDefault embeddedDefault(@Value("${spring.data.mongodb.uri:}") String mongoUri) {
        return new EmbeddedDefault(mongoUri.isBlank());
    }
}
