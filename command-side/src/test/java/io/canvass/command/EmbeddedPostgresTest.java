package io.canvass.command;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The command side on a real embedded PostgreSQL of its own (any free port, a fresh folder under
 * target/), as the embedded default runs it. Test classes with this annotation share one app.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AutoConfigureObservability // metrics are exported, as in the running app
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "canvass.embedded-postgres.port=0",
        "canvass.embedded-postgres.data-dir=target/test-postgres/${random.uuid}"})
public @interface EmbeddedPostgresTest {
}
