package io.canvass.command.settlement;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How much one statement file may carry (docs/finance.md): its bytes are limited before anything
 * reads them ({@code canvass.http.max-statement-bytes}), its lines here, so that one import stays
 * one bounded transaction.
 *
 * @param statementMaxLines the most lines a statement file may have (5,000)
 */
@Validated
@ConfigurationProperties("canvass.finance")
public record StatementLimits(@Min(1) Integer statementMaxLines) {

    public StatementLimits {
        statementMaxLines = statementMaxLines == null ? 5_000 : statementMaxLines;
    }
}
