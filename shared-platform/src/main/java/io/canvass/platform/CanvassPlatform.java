package io.canvass.platform;

import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canvass.platform.axon.AxonPlatform;
import io.canvass.platform.json.CanvassJson;
import io.canvass.platform.json.StrictWebJson;
import io.canvass.platform.security.SecurityConfiguration;
import io.canvass.platform.web.BodyLimit;
import io.canvass.platform.web.CorrelationIdFilter;
import io.canvass.platform.web.HttpLimits;
import io.canvass.platform.web.OpenApiDocs;
import io.canvass.platform.web.ProblemErrorValve;
import io.canvass.platform.web.QueryParameters;
import io.canvass.platform.web.TimeWindow;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

import java.time.Clock;

/**
 * The infrastructure both apps run on, imported by each app's main class: security with the
 * roles of docs/api.md#users-and-roles, JSON of Canvass values, the event store's schema and serializer, the clock,
 * correlation ids. An app adds its {@link io.canvass.platform.security.RouteRules}, its
 * {@link io.canvass.platform.security.EmbeddedDefault} and a {@code @RestControllerAdvice}
 * extending {@link io.canvass.platform.web.ProblemHandling}.
 */
@Configuration(proxyBeanMethods = false)
@Import({SecurityConfiguration.class, AxonPlatform.class, QueryParameters.class, OpenApiDocs.class})
@EnableConfigurationProperties({TimeWindow.class, HttpLimits.class, Branch.class})
public class CanvassPlatform {

    /** Duplicate keys, numbers given for counts as fractions or text, control characters: a 400 ({@link StrictWebJson}). */
    @Bean
    public Jackson2ObjectMapperBuilderCustomizer strictWebJson() {
        return StrictWebJson.customizer();
    }

    /**
     * Bodies over the limit are refused before anything reads them ({@link BodyLimit}); a batch of
     * commands ({@code POST /api/batches}, up to 200 of them) and a statement file
     * ({@code POST /api/finance/statements}, up to 5,000 lines) may be larger.
     */
    @Bean
    public FilterRegistrationBean<BodyLimit> bodyLimit(HttpLimits limits, ObjectMapper mapper) {
        FilterRegistrationBean<BodyLimit> registration = new FilterRegistrationBean<>(new BodyLimit(limits.maxBodyBytes(),
                java.util.Map.of("/api/batches", limits.maxBatchBytes(),
                        "/api/finance/statements", limits.maxStatementBytes()), mapper));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** Money as "460.00" and ids as strings in every request and answer, as in the events. */
    @Bean
    public Module canvassValues() {
        return CanvassJson.module();
    }

    @Bean
    public CorrelationIdFilter correlationIdFilter() {
        return new CorrelationIdFilter();
    }

    /** Tomcat's own refusals as problem+json too ({@link ProblemErrorValve}). */
    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorValve() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorValve.class.getName());
            }
        });
    }

    /** The one clock of the app; tests replace it. */
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
