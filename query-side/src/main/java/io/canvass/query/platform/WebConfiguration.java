package io.canvass.query.platform;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The settings the figures depend on ({@link CanvassSettings}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CanvassSettings.class)
public class WebConfiguration {
}
