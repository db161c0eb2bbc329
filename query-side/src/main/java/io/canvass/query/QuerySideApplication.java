package io.canvass.query;

import io.canvass.platform.CanvassPlatform;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The query side: events in, read models for dashboards, auditors and finance out. */
@SpringBootApplication
@Import(CanvassPlatform.class)
public class QuerySideApplication {

    public static void main(String[] args) {
        // Axon's update checker reads this system property, not Spring's environment
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
