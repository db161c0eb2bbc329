package io.canvass.command.platform;

import io.canvass.platform.security.EmbeddedDefault;
import io.canvass.platform.security.RouteRules;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** Who may send which command (docs/api.md#users-and-roles); the rest of security is the platform's. */
@Configuration(proxyBeanMethods = false)
public class CommandRoutes {

    @Bean
    public RouteRules commandRouteRules() {
        return routes -> routes
                .requestMatchers(HttpMethod.POST, "/api/districts", "/api/districts/*/streets").hasRole("MANAGER")
                .requestMatchers(HttpMethod.POST, "/api/prospects/*/erasure").hasAnyRole("MANAGER", "ADMIN")
                .requestMatchers(HttpMethod.POST, "/api/campaigns", "/api/campaigns/**").hasAnyRole("MANAGER", "ADMIN")
                .requestMatchers(HttpMethod.POST, "/api/prospects", "/api/contracts").hasAnyRole("SALES", "MANAGER")
                .requestMatchers(HttpMethod.POST, "/api/contracts/*/deposits").hasAnyRole("SALES", "FINANCE")
                .requestMatchers(HttpMethod.POST, "/api/contracts/*/installations").hasRole("INSTALLER")
                .requestMatchers(HttpMethod.POST, "/api/contracts/*/balance-payments").hasAnyRole("INSTALLER", "FINANCE")
                .requestMatchers(HttpMethod.POST, "/api/contracts/*/cancellation",
                        "/api/contracts/*/payments/*/corrections").hasRole("FINANCE")
                .requestMatchers(HttpMethod.POST, "/api/finance/**").hasRole("FINANCE")
                .requestMatchers(HttpMethod.POST, "/api/audit/digests").hasRole("ADMIN")
                // a batch is open to every role that sends commands; each command in it is authorized as alone
                .requestMatchers(HttpMethod.POST, "/api/batches").hasAnyRole("SALES", "MANAGER", "FINANCE", "INSTALLER")
                // the benchmark's framework baseline, when it is switched on (FrameworkBaseline)
                .requestMatchers(HttpMethod.POST, "/api/bench/baseline").hasAnyRole("SALES", "MANAGER", "FINANCE", "INSTALLER");
    }

    /** The command side is on the embedded default when no PostgreSQL is configured. */
    @Bean
    public EmbeddedDefault embeddedDefault(@Value("${spring.datasource.url:}") String datasourceUrl) {
        return new EmbeddedDefault(datasourceUrl.isBlank());
    }
}
