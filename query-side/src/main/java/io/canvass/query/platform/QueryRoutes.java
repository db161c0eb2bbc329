package io.canvass.query.platform;

import io.canvass.platform.security.EmbeddedDefault;
import io.canvass.platform.security.RouteRules;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** Who may read which dashboard (API.md, "Users"); the rest of security is the platform's. */
@Configuration(proxyBeanMethods = false)
public class QueryRoutes {

    @Bean
    public RouteRules queryRouteRules() {
        return routes -> routes
                .requestMatchers(HttpMethod.GET, "/api/coverage/**", "/api/quota/**").hasAnyRole("MANAGER", "SALES")
                .requestMatchers(HttpMethod.GET, "/api/profit/**").hasAnyRole("MANAGER", "FINANCE")
                .requestMatchers(HttpMethod.GET, "/api/finance/**").hasAnyRole("MANAGER", "FINANCE", "AUDITOR")
                .requestMatchers(HttpMethod.GET, "/api/audit/digest", "/api/audit/verify", "/api/audit/export",
                        "/api/audit/contracts/*/verify").hasAnyRole("AUDITOR", "ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/audit/**").hasRole("AUDITOR")
                .requestMatchers("/api/admin/**").hasRole("ADMIN");
    }

    /** The query side is on the embedded default when no MongoDB is configured. */
    @Bean
    public EmbeddedDefault embeddedDefault(@Value("${spring.data.mongodb.uri:}") String mongoUri) {
        return new EmbeddedDefault(mongoUri.isBlank());
    }
}
