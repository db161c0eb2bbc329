package io.canvass.command;

import io.canvass.platform.CanvassPlatform;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The command side: field work in, immutable events out. */
@SpringBootApplication
@Import(CanvassPlatform.class)
public class CommandSideApplication {

    public static void main(String[] args) {
        // Axon's update checker reads this system property, not Spring's environment
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
