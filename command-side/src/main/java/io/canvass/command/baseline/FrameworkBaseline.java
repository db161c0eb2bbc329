package io.canvass.command.baseline;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The benchmark's framework baseline (issue 16), off unless {@code canvass.bench.baseline-table}
 * names a table the benchmark made: one durable INSERT per request through everything a command
 * goes through before Axon (Tomcat, the body limit, correlation ids, Spring Security with the same
 * HTTP Basic users, Spring MVC, Jackson and bean validation, Micrometer's HTTP metrics, the same
 * connection pool and commit), so P1 can be set against what the framework alone allows here.
 */
@Hidden
@RestController
@ConditionalOnProperty("canvass.bench.baseline-table")
@EnableConfigurationProperties(FrameworkBaseline.Settings.class)
class FrameworkBaseline {

    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** @param baselineTable the table each request inserts a row into: set by the benchmark, which made it */
    @ConfigurationProperties("canvass.bench")
    public record Settings(String baselineTable) {
        public Settings {
            if (baselineTable == null || !TABLE.matcher(baselineTable).matches()) {
                throw new IllegalArgumentException("canvass.bench.baseline-table must be a plain table name");
            }
        }
    }

    private final JdbcTemplate jdbc;
    private final String insert;

    FrameworkBaseline(JdbcTemplate jdbc, Settings settings) {
        this.jdbc = jdbc;
        this.insert = "insert into " + settings.baselineTable() + " (row_id, body) values (?, ?) returning id";
    }

    record Row(@NotNull @Size(max = 64) String id, @NotNull @Size(max = 2000) String body) {
    }

    @PostMapping("/api/bench/baseline")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> insert(@Valid @RequestBody Row row) {
        Long id = jdbc.queryForObject(insert, Long.class, row.id(), row.body());
        return Map.of("id", row.id(), "position", id);
    }
}
