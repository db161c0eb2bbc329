package io.canvass.query.platform;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The query side's settings: what the figures depend on, how projections follow the store, how a rebuild runs. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({CanvassSettings.class, ProjectionSettings.class, RebuildSettings.class})
public class WebConfiguration {
}
