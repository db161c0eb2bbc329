package io.canvass.platform.web;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How large a request body either app reads ({@link BodyLimit}): anything larger is a 413 before
 * anything reads it. A batch of commands may be larger; each command in it keeps the single limit.
 *
 * @param maxBodyBytes  the largest body of any request (64 KiB)
 * @param maxBatchBytes the largest body of {@code POST /api/batches} (1 MiB)
 * @param maxStatementBytes the largest body of {@code POST /api/finance/statements} (8 MiB)
 */
@Validated
@ConfigurationProperties("canvass.http")
public record HttpLimits(@Positive Long maxBodyBytes, @Positive Long maxBatchBytes, @Positive Long maxStatementBytes) {

    public HttpLimits {
        maxBodyBytes = maxBodyBytes == null ? 65_536L : maxBodyBytes;
        maxBatchBytes = maxBatchBytes == null ? 1_048_576L : maxBatchBytes;
        maxStatementBytes = maxStatementBytes == null ? 8_388_608L : maxStatementBytes;
    }
}
