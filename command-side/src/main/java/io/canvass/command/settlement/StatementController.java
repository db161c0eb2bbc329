package io.canvass.command.settlement;

import io.canvass.command.platform.BranchCalendar;
import io.canvass.command.platform.CommandSender;
import io.canvass.command.settlement.ImportStatement.Imported;
import io.canvass.events.settlement.StatementId;
import io.canvass.events.settlement.StatementSource;
import io.canvass.platform.web.InvalidField;
import io.canvass.platform.web.TimeWindow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Finance imports the statements where the field's money lands (docs/finance.md, "Importing a statement"). */
@Tag(name = "Finance", description = "Statements of the bank, WeChat Pay, Alipay and the cash deposit slips. Role FINANCE.")
@RestController
@RequestMapping("/api/finance")
class StatementController {

    private static final String EXAMPLE = "lineId,date,amount,reference\n"
            + "S-20260302-001,2026-03-02,\"1,380.00\",R-1001 deposit\n"
            + "S-20260303-001,2026-03-03,-400.00,refund of R-0999\n";

    /** How many refusals a problem's detail names; {@code refused} lists them all. */
    private static final int NAMED_IN_DETAIL = 10;

    private final CommandSender sender;
    private final BranchCalendar calendar;
    private final TimeWindow window;
    private final int maxLines;

    StatementController(CommandSender sender, BranchCalendar calendar, TimeWindow window,
                        StatementLimits limits) {
        this.sender = sender;
        this.calendar = calendar;
        this.window = window;
        this.maxLines = limits.statementMaxLines();
    }

    /**
     * What an import did. {@code recorded}: lines new to the statement, now recorded;
     * {@code alreadyKnown}: lines recorded before (by this file sent again or another), or repeated
     * in the file; {@code skipped}: rows that are not statement lines, with why; {@code matched} and
     * {@code proposed}: the matches and proposals the rules then recorded; {@code version}
     * and {@code position}: the statement's last event, to pass to the query side as minPosition.
     */
    record ImportAnswer(String id, StatementSource source, String layout, String fileDigest, int lines, int recorded,
                        int alreadyKnown, List<StatementRefusal> refused, List<StatementRefusal> skipped, int matched,
                        int proposed, long version, long position) {
    }

    /** A file with a line that cannot be read: nothing of it is recorded. */
    static final class StatementRefused extends RuntimeException {
        private final transient List<StatementRefusal> refused;

        StatementRefused(List<StatementRefusal> refused) {
            super("nothing was recorded: " + refused.size() + " line(s) refused: " + refused.stream()
                    .limit(NAMED_IN_DETAIL).map(r -> "line " + r.line() + ": " + r.reason())
                    .collect(Collectors.joining("; ")) + (refused.size() > NAMED_IN_DETAIL ? "; ..." : ""));
            this.refused = refused;
        }
    }

    @Operation(summary = "Import a statement", description = "The body is the statement file as exported (text/csv): "
            + "layout plain (default; columns lineId,date,amount,reference, that row first) for any source, cn-bank for"
            + " BANK and CASH_SLIP, wechat-merchant for WECHAT_PAY, alipay-merchant for ALIPAY (docs/finance.md gives each"
            + " mapping). The charset is the Content-Type's (text/csv;charset=GBK), else the layout's (UTF-8 for plain and"
            + " wechat-merchant, GBK for cn-bank and alipay-merchant); a UTF-8 byte order mark wins. Each line is recorded"
            + " once (StatementLineRecorded): the same line or file again records nothing new. Then the matching rules run over"
            + " every unmatched line of the source (PaymentsMatched AUTOMATIC, MatchProposed). A file with a line that"
            + " cannot be read records nothing: 400 with every refused line and its reason in `refused`; a line id"
            + " recorded before with another day or amount: 409. At most 8 MiB (413) and 5,000 lines; a body that is not"
            + " text/csv (or text/plain): 415. Role FINANCE.")
    @PostMapping(path = "/statements", consumes = {"text/csv", "text/plain"})
    ImportAnswer importStatement(
            @Parameter(description = "Whose statement it is") @RequestParam StatementSource source,
            @Parameter(description = "The file's layout: plain, cn-bank, wechat-merchant, alipay-merchant")
            @RequestParam(defaultValue = "plain") String layout,
            @Parameter(description = "text/csv, with the file's charset when it is not the layout's: text/csv;charset=GBK")
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "The statement file as exported",
                    content = {@Content(mediaType = "text/csv", schema = @Schema(type = "string"),
                            examples = @ExampleObject(value = EXAMPLE)),
                            @Content(mediaType = "text/plain", schema = @Schema(type = "string"),
                                    examples = @ExampleObject(value = EXAMPLE))})
            @RequestBody(required = false) byte[] body) {
        StatementLayout reading = StatementLayout.of(layout).filter(found -> found.reads(source))
                .orElseThrow(() -> new InvalidField("layout", "must be one of " + StatementLayout.idsFor(source)
                        + " for " + source));
        byte[] file = body == null ? new byte[0] : body;
        if (StatementFile.lineCount(file) > maxLines) {
            throw new InvalidField("body", "a statement file has at most " + maxLines + " lines: split it");
        }
        StatementFile.Parsed parsed = StatementFile.read(file, charset(contentType), reading,
                new StatementFile.Days(window.firstDate(), calendar.today()));
        if (!parsed.refused().isEmpty()) {
            throw new StatementRefused(parsed.refused());
        }
        StatementId id = StatementId.of(source);
        String digest = sha256(file);
        Imported imported = sender.answer(new ImportStatement(id.streamId(), source, reading.id(), digest,
                parsed.lines(), calendar.now().truncatedTo(ChronoUnit.MILLIS)), null);
        return new ImportAnswer(id.value(), source, reading.id(), digest, parsed.lines().size() + parsed.repeated(),
                imported.recorded(), imported.alreadyKnown() + parsed.repeated(), List.of(), parsed.skipped(),
                imported.matched(), imported.proposed(), imported.version(), sender.position(id, imported.version()));
    }

    @ExceptionHandler(StatementRefused.class)
    ResponseEntity<ProblemDetail> refused(StatementRefused refused) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, refused.getMessage());
        problem.setTitle("Statement refused");
        problem.setProperties(Map.of(
                "refused", refused.refused,
                "recorded", 0,
                "fields", List.of("body"),
                "errors", refused.refused.stream()
                        .map(r -> Map.of("field", "body", "message", "line " + r.line() + ": " + r.reason())).toList()));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** The charset the request names, if any (one Java does not know is refused with 415 before this). */
    private static Charset charset(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        try {
            return MediaType.parseMediaType(contentType).getCharset();
        } catch (InvalidMediaTypeException unknown) {
            throw new InvalidField("Content-Type", "must be text/csv with a known charset, e.g. text/csv;charset=GBK");
        }
    }

    private static String sha256(byte[] file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        } catch (NoSuchAlgorithmException everyJvmHasIt) {
            throw new IllegalStateException(everyJvmHasIt);
        }
    }
}
