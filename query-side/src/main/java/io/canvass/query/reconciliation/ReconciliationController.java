package io.canvass.query.reconciliation;

import io.canvass.events.Channel;
import io.canvass.query.export.Exports;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.engine.Freshness;
import io.canvass.query.engine.Reads;
import io.canvass.query.platform.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Finance's reconciliation, as JSON, or as CSV or a workbook with the same figures. */
@Tag(name = "Reconciliation", description = "Deposit and balance reconciliation for finance, as of a local day. Roles MANAGER, FINANCE, AUDITOR.")
@RestController
@RequestMapping("/api/finance/reconciliation")
class ReconciliationController {

    private static final String HEADER = "contractId,channel,salespersonId,status,contractValue,depositRequired,"
            + "depositCollected,balanceDue,balanceCollected,refunded,outstanding,flags,settled,inTransit";
    private static final String AS_OF = "The local day the report is as of (YYYY-MM-DD, end of that day in the branch's"
            + " time zone, on field time); today if absent";

    private final Reconciliation reconciliation;
    private final Freshness freshness;
    private final CanvassSettings settings;
    private final Clock clock;
    private final Exports exports;

    ReconciliationController(Reconciliation reconciliation, Freshness freshness, CanvassSettings settings, Clock clock,
                             Exports exports) {
        this.exports = exports;
        this.reconciliation = reconciliation;
        this.freshness = freshness;
        this.settings = settings;
        this.clock = clock;
    }

    @Schema(name = "Reconciliation")
    record Answer(Freshness.AsOf asOf, boolean stale, LocalDate date, Totals totals,
                  Map<String, Totals> byChannel, Map<String, Totals> bySalesperson,
                  List<ReconciliationLines.Line> contracts, Page page) {
    }

    /** The workbook's answer: the JSON report's figures with every contract (no paging), as the CSV has them. */
    record Workbook(Freshness.AsOf asOf, boolean stale, LocalDate date, Totals totals,
                    List<ReconciliationLines.Line> contracts, Map<String, Totals> byChannel,
                    Map<String, Totals> bySalesperson) {
    }

    /**
     * JSON by default. {@code Accept: text/csv} still gives every contract (no paging) as CSV, as
     * it always did, and the XLSX type (or {@code ?format=xlsx}) the workbook, but the document
     * describes only the JSON here: one shape per operation, so that a generated client's type of
     * this answer is the report (the CSV and the workbook have their own operations).
     */
    @Operation(summary = "Deposit and balance reconciliation as of a day", description = "Each contract signed by the date: value, deposit required and collected, balance due and collected, refunds, outstanding, status and flags (BALANCE_OVERDUE, DEPOSIT_IDLE, OVER_COLLECTED, MONEY_ON_CANCELLED), settled (collected money matched to statement lines of a day up to the date) and in transit (collected less settled); totals overall, by channel and by salesperson. contracts, value, deposit required and balance due count the contracts live on the date; money counts every line, cancelled ones included. The same lines as CSV: GET /api/finance/reconciliation/csv (Accept: text/csv here answers that CSV too, for the clients that ask so); as a workbook: GET /api/finance/reconciliation/xlsx (Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or format=xlsx here answers it too).")
    @ApiResponse(responseCode = "200", description = "The report", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Answer.class)))
    @GetMapping
    ResponseEntity<?> reconciliation(
            @Parameter(description = AS_OF)
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            @RequestParam(required = false) Channel channel,
            @RequestParam(required = false) String salespersonId,
            @Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
            @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "100") int size,
            @Parameter(hidden = true)
            @RequestParam(required = false) String format,
            @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Page.Request request = Page.request(page, size);
        Exports.Format asked = Exports.asked(accept, format, Exports.Format.CSV, Exports.Format.XLSX);
        Freshness.Read read = freshness.await(reads(asOf, channel, salespersonId), minPosition, afterWrite);
        if (asked == Exports.Format.CSV) {
            return csv(read, reconciliation.asOf(date(asOf), channel, salespersonId));
        } else if (asked == Exports.Format.XLSX) {
            return xlsx(read, reconciliation.asOf(date(asOf), channel, salespersonId));
        }
        Reconciliation.PageOf report = reconciliation.page(date(asOf), channel, salespersonId, request.number(),
                request.size());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new Answer(read.asOf(), read.stale(),
                report.asOf(), report.totals(), report.byChannel(), report.bySalesperson(), report.lines(),
                request.page(report.totalLines())));
    }

    /** Every line as CSV, whatever the Accept header: an operation of its own, a shape of its own. */
    @Operation(summary = "Reconciliation as CSV", description = "Every contract of the reconciliation as of a day (no paging), one CSV line each with the same figures as the JSON report; X-Canvass-Position and X-Canvass-Stale say how fresh it is.")
    @ApiResponse(responseCode = "200", description = "The lines as CSV (RFC 4180, CRLF, a header line)", content =
            @Content(mediaType = "text/csv", schema = @Schema(type = "string", example = HEADER)))
    @GetMapping("/csv")
    ResponseEntity<String> reconciliationCsv(
            @Parameter(description = AS_OF)
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            @RequestParam(required = false) Channel channel,
            @RequestParam(required = false) String salespersonId,
            @Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
            @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite) {
        Freshness.Read read = freshness.await(reads(asOf, channel, salespersonId), minPosition, afterWrite);
        return csv(read, reconciliation.asOf(date(asOf), channel, salespersonId));
    }

    /** The workbook, whatever the Accept header: an operation of its own, as the CSV. */
    @Operation(summary = "Reconciliation as XLSX", description = "The reconciliation as of a day as a workbook (docs/finance.md, \"Exports\"): a Summary sheet (as of, stale, the totals), a sheet of every contract (no paging) with a Total row of the report's totals, and sheets byChannel and bySalesperson." + Exports.WORKBOOK)
    @ApiResponse(responseCode = "200", description = "The workbook", content = @Content(mediaType = Exports.XLSX,
            schema = @Schema(type = "string", format = "binary")))
    @GetMapping("/xlsx")
    ResponseEntity<byte[]> reconciliationXlsx(
            @Parameter(description = AS_OF)
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            @RequestParam(required = false) Channel channel,
            @RequestParam(required = false) String salespersonId,
            @Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
            @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite) {
        return xlsx(freshness.await(reads(asOf, channel, salespersonId), minPosition, afterWrite),
                reconciliation.asOf(date(asOf), channel, salespersonId));
    }

    private ResponseEntity<byte[]> xlsx(Freshness.Read read, Reconciliation.Report report) {
        return exports.xlsx("reconciliation-" + report.asOf(), read, new Workbook(read.asOf(), read.stale(),
                report.asOf(), report.totals(), report.lines(), report.byChannel(), report.bySalesperson()));
    }

    /**
     * What a reconciliation reads (docs/freshness.md): contracts of the channel and salesperson asked, up to
     * the day, and the statements (their matches and settlement flags make settled, inTransit and flags).
     */
    private Reads reads(LocalDate asOf, Channel channel, String salespersonId) {
        return Reads.of(Reads.CONTRACTS, Reads.STATEMENTS).inChannel(channel == null ? Reads.ANY : channel.name())
                .bySalesperson(salespersonId).on(null, date(asOf));
    }

    private ResponseEntity<String> csv(Freshness.Read read, Reconciliation.Report report) {
        StringBuilder csv = new StringBuilder(HEADER + "\r\n");
        for (ReconciliationLines.Line line : report.lines()) {
            csv.append(String.join(",", field(line.contractId()), line.channel().name(), field(line.salespersonId()),
                    line.status().name(), line.contractValue().toString(), line.depositRequired().toString(),
                    line.depositCollected().toString(), line.balanceDue().toString(),
                    line.balanceCollected().toString(), line.refunded().toString(), line.outstanding().toString(),
                    String.join(";", line.flags()), line.settled().toString(), line.inTransit().toString()))
                    .append("\r\n");
        }
        return Exports.download(Exports.Format.CSV, "reconciliation-" + report.asOf() + ".csv", read, csv.toString());
    }

    private LocalDate date(LocalDate asOf) {
        return asOf != null ? asOf : settings.localDate(clock.instant());
    }

    /** Ids are letters, digits, '.', '_' and '-', but quote anyway in case a spreadsheet app guesses. */
    private static String field(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
