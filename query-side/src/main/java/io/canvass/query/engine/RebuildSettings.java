package io.canvass.query.engine;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How a generation of the read models is built and replaced (docs/operations.md#rebuilding-the-read-models).
 *
 * @param chunkEvents      events per chunk of a bulk build: each document is written once per chunk, and a
 *                         chunk's deliveries and writes are held in memory
 * @param heapLimitPercent with the embedded MongoDB, a rebuild is refused when twice the live heap (two
 *                         generations share it until the switch) exceeds this percentage of the heap
 * @param retireAfter      when the generation a switch replaced is dropped, once the reads of it are done
 * @param abandonedAfter   when a build whose instance sends no heartbeat counts as abandoned
 */
@Validated
@ConfigurationProperties("canvass.rebuild")
public record RebuildSettings(@Min(1) Integer chunkEvents, @Min(0) @Max(100) Integer heapLimitPercent,
                              Duration retireAfter, Duration abandonedAfter) {

    public RebuildSettings {
        chunkEvents = chunkEvents == null ? 50_000 : chunkEvents;
        heapLimitPercent = heapLimitPercent == null ? 90 : heapLimitPercent;
        retireAfter = retireAfter == null ? Duration.ofSeconds(30) : retireAfter;
        abandonedAfter = abandonedAfter == null ? Duration.ofSeconds(30) : abandonedAfter;
        if (retireAfter.isNegative() || abandonedAfter.toMillis() < 1) {
            throw new IllegalArgumentException("canvass.rebuild.retire-after must not be negative and"
                    + " canvass.rebuild.abandoned-after must be at least 1ms, not " + retireAfter + " and " + abandonedAfter);
        }
    }
}
