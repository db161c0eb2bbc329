package io.canvass.query.period;

import io.canvass.query.export.Exports;
import io.canvass.query.engine.Freshness;
import io.canvass.platform.web.NullWhen;
import io.canvass.platform.web.TimeWindow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.YearMonth;
import java.util.List;

/** A month's statement as closed, its closings and its adjustments after close (docs/finance.md, "Closing a month"). */
@Tag(name = "Settlement", description = "Statement lines where the field's money landed. Roles FINANCE, AUDITOR.")
@RestController
@RequestMapping("/api/finance/periods")
class PeriodController {

    private final MonthStatements statements;
    private final Freshness freshness;
    private final TimeWindow window;
    private final Exports exports;

    PeriodController(MonthStatements statements, Freshness freshness, TimeWindow window, Exports exports) {
        this.exports = exports;
        this.statements = statements;
        this.freshness = freshness;
        this.window = window;
    }

    @Schema(name = "Period")
    record Answer(Freshness.AsOf asOf, boolean stale, YearMonth month, MonthStatements.Status status,
                  @NullWhen("the month was never closed") MonthStatements.Statement statement,
                  List<MonthStatements.Action> history,
                  List<MonthStatements.Adjustment> adjustments, io.canvass.query.reconciliation.Totals adjustmentTotals) {
    }

    @Operation(summary = "A month's statement as closed", description = "status OPEN (never closed), CLOSED or"
            + " REOPENED; every close and reopening (who, when, why, the position a close was made at); the statement"
            + " the last close recorded: reconciliation totals as of the month's last day, overall, by channel and by"
            + " salesperson, worked out from the events up to the close's position, so it never changes; and the"
            + " month's field work stored after that position (adjustments after close), each with the difference it"
            + " makes. stale is true while the read models have not reached the close's position (or minPosition)."
            + " Roles FINANCE, AUDITOR.")
    @ApiResponse(responseCode = "200", description = "The month", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Answer.class)))
    @GetMapping("/{month}")
    ResponseEntity<?> month(@Parameter(description = "The local month, such as 2026-03") @PathVariable String month,
                            @RequestParam(required = false) Long minPosition,
                            @Parameter(hidden = true)
                            @RequestParam(required = false) String format,
                            @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Exports.Format wanted = Exports.asked(accept, format, Exports.Format.XLSX);
        Answer answer = answer(month, minPosition);
        // JSON is left to Spring's negotiation, so an Accept header it cannot answer stays a 406
        return wanted == Exports.Format.XLSX ? xlsx(answer) : ResponseEntity.ok(answer);
    }

    @Operation(summary = "A month's statement as XLSX", description = "The month as a workbook (docs/finance.md,"
            + " \"Exports\"): a Summary sheet (status, the statement's position, close and totals), sheets of the"
            + " statement by channel and by salesperson (a Total row of its totals), collected, settled and in transit"
            + " by channel and by salesperson, the history of closes and reopenings, and the adjustments after close (a"
            + " Total row of adjustmentTotals)." + Exports.WORKBOOK + " Roles FINANCE, AUDITOR.")
    @ApiResponse(responseCode = "200", description = "The workbook", content = @Content(mediaType = Exports.XLSX,
            schema = @Schema(type = "string", format = "binary")))
    @GetMapping("/{month}/xlsx")
    ResponseEntity<byte[]> monthXlsx(@Parameter(description = "The local month, such as 2026-03") @PathVariable String month,
                                     @RequestParam(required = false) Long minPosition) {
        return xlsx(answer(month, minPosition));
    }

    private ResponseEntity<byte[]> xlsx(Answer answer) {
        return exports.xlsx("period-" + answer.month(), new Freshness.Read(answer.asOf(), answer.stale()), answer);
    }

    private Answer answer(String month, Long minPosition) {
        YearMonth asked = window.month("month", month);
        List<MonthStatements.Action> history = statements.history(asked);
        // the statement reads the ledgers: they must have reached the close's position to tell it
        long closedAt = history.stream().filter(a -> a.statementPosition() != null)
                .mapToLong(MonthStatements.Action::statementPosition).max().orElse(-1);
        Long wanted = minPosition == null && closedAt < 0 ? null
                : Math.max(minPosition == null ? 0 : minPosition, closedAt);
        Freshness.Read read = freshness.await(wanted);
        MonthStatements.Month answer = statements.of(asked, history);
        return new Answer(read.asOf(), read.stale(), asked, answer.status(), answer.statement(), answer.history(),
                answer.adjustments(), answer.adjustmentTotals());
    }
}
