package io.canvass.platform;

import com.fasterxml.jackson.databind.Module;
import io.canvass.platform.axon.AxonPlatform;
import io.canvass.platform.json.CanvassJson;
import io.canvass.platform.security.SecurityConfiguration;
import io.canvass.platform.web.CorrelationIdFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.time.Clock;

/**
 * The infrastructure both apps run on, imported by each app's main class: security with the
 * roles of API.md, JSON of Canvass values, the event store's schema and serializer, the clock,
 * correlation ids. An app adds its {@link io.canvass.platform.security.RouteRules}, its
 * {@link io.canvass.platform.security.EmbeddedDefault} and a {@code @RestControllerAdvice}
 * extending {@link io.canvass.platform.web.ProblemHandling}.
 */
@Configuration(proxyBeanMethods = false)
@Import({SecurityConfiguration.class, AxonPlatform.class})
public class CanvassPlatform {

    /** Money as "460.00" and ids as strings in every request and answer, as in the events. */
    @Bean
    public Module canvassValues() {
        return CanvassJson.module();
    }

    @Bean
    public CorrelationIdFilter correlationIdFilter() {
        return new CorrelationIdFilter();
    }

    /** The one clock of the app; tests replace it. */
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
