package io.canvass.query.platform;

import com.fasterxml.jackson.databind.Module;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Money as "460.00" and ids as strings in every answer, as in the events. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CanvassSettings.class)
public class WebConfiguration {

    @Bean
    public Module canvassValues() {
        return CanvassJson.module();
    }
}
