package io.canvass.query.platform;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The query side's settings: what the figures depend on (the read-model engine enables its own, {@code AxonConfiguration}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CanvassSettings.class)
public class WebConfiguration {
}
