package io.canvass.query.settlement;

import com.mongodb.client.model.Filters;
import io.canvass.events.Money;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.events.settlement.StatementSource;
import io.canvass.query.export.Exports;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.engine.Freshness;
import io.canvass.query.engine.Reads;
import io.canvass.platform.web.InvalidField;
import io.canvass.platform.web.TimeWindow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * Did the money reach us (docs/domain.md, "Money arrives: settlement"; docs/finance.md, "The
 * settlement view"): what is collected, settled and in transit as of a day, what is unmatched on
 * either side and for how long, the proposals to confirm, and the matches whose amounts differ.
 */
@Tag(name = "Settlement", description = "Statement lines where the field's money landed. Roles FINANCE, AUDITOR.")
@RestController
@RequestMapping("/api/finance/settlement")
class SettlementController {

    static final String UNSETTLED = "UNSETTLED";
    static final String UNKNOWN_RECEIPT = "UNKNOWN_RECEIPT";
    static final String AMOUNT_DIFFERS = "AMOUNT_DIFFERS";

    private final MongoTemplate mongo;
    private final SettlementFlags flags;
    private final Freshness freshness;
    private final CanvassSettings settings;
    private final TimeWindow window;
    private final Clock clock;
    private final Exports exports;

    SettlementController(MongoTemplate mongo, SettlementFlags flags, Freshness freshness, CanvassSettings settings,
                         TimeWindow window, Clock clock, Exports exports) {
        this.exports = exports;
        this.mongo = mongo;
        this.flags = flags;
        this.freshness = freshness;
        this.settings = settings;
        this.window = window;
        this.clock = clock;
    }

    /** @param source the statement that can settle it; null for a refund or a payment of method OTHER */
    record Payment(String contractId, MatchedKind kind, String paymentId, PaymentMethod method, StatementSource source,
                   Money amount, LocalDate day, String receiptNo, long days, List<String> flags) {
    }

    /** Named apart from the statement lines' Line and Totals, which the document would otherwise give this answer. */
    @Schema(name = "SettlementLine")
    record Line(StatementSource source, String lineId, LocalDate day, Money amount, String reference, long days,
                List<String> flags) {
    }

    record Item(String id, Money amount) {
    }

    record Proposal(String proposalId, StatementSource source, List<Item> payments, List<Item> lines, String reason) {
    }

    record Match(String matchId, StatementSource source, String how, List<Item> payments, List<Item> lines,
                 String reason, List<String> flags) {
    }

    /** Of the payments of a day up to the date: collected, settled by a line of a day up to the date, and the rest. */
    @Schema(name = "SettlementTotals")
    record Totals(Money collected, Money settled, Money inTransit, long unmatchedPayments, long unmatchedLines) {
    }

    record Settlement(Freshness.AsOf asOf, boolean stale, LocalDate date, Totals totals, List<Payment> unmatchedPayments,
                      List<Line> unmatchedLines, List<Proposal> proposals, List<Match> amountsDiffer) {
    }

    @Operation(summary = "Settlement as of a day", description = "Every payment collected in the field on a day up to"
            + " asOf (deposits and balances at their corrected amounts, refunds negative): collected, settled (matched"
            + " now to statement lines of a day up to asOf) and in transit; the payments and statement lines of a day up"
            + " to asOf not matched, by day, with the flags UNSETTLED and UNKNOWN_RECEIPT that the command side's"
            + " deadlines recorded by the end of asOf (7 days after the day, canvass.flags.unsettled-days and"
            + " unknown-receipt-days) and not cleared; the open proposals (none of their payments and lines matched"
            + " yet); and the confirmed or manual matches recorded AMOUNT_DIFFERS (their payments and lines do not"
            + " add up to the same) and not undone. Roles FINANCE, AUDITOR.")
    @ApiResponse(responseCode = "200", description = "The settlement", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Settlement.class)))
    @GetMapping
    ResponseEntity<?> settlement(@Parameter(description = "The local day (YYYY-MM-DD); today if absent")
                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                                 @Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
                                 @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite,
                                 @Parameter(hidden = true)
                                 @RequestParam(required = false) String format,
                                 @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Exports.Format asked = Exports.asked(accept, format, Exports.Format.XLSX);
        Settlement answer = settlement(asOf, minPosition, afterWrite);
        // JSON is left to Spring's negotiation, so an Accept header it cannot answer stays a 406
        return asked == Exports.Format.XLSX ? xlsx(answer) : ResponseEntity.ok(answer);
    }

    @Operation(summary = "Settlement as XLSX", description = "The settlement as of a day as a workbook (docs/finance.md,"
            + " \"Exports\"): a Summary sheet (as of, stale, the totals) and a sheet each of the unmatched payments and"
            + " lines (a Total row summing their amounts), the open proposals and the matches whose amounts differ)."
            + Exports.WORKBOOK + " Roles FINANCE, AUDITOR.")
    @ApiResponse(responseCode = "200", description = "The workbook", content = @Content(mediaType = Exports.XLSX,
            schema = @Schema(type = "string", format = "binary")))
    @GetMapping("/xlsx")
    ResponseEntity<byte[]> settlementXlsx(@Parameter(description = "The local day (YYYY-MM-DD); today if absent")
                                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                                          @Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
                                          @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite) {
        return xlsx(settlement(asOf, minPosition, afterWrite));
    }

    private ResponseEntity<byte[]> xlsx(Settlement answer) {
        return exports.xlsx("settlement-" + answer.date(), new Freshness.Read(answer.asOf(), answer.stale()), answer);
    }

    private Settlement settlement(LocalDate asOf, Long minPosition, Long afterWrite) {
        LocalDate date = asOf != null ? asOf : settings.localDate(clock.instant());
        if (!window.allows(date)) {
            throw new InvalidField("asOf", "must be a date " + window.dates());
        }
        // the payments of contracts and the statements' lines and matches up to the day (docs/freshness.md)
        Freshness.Read read = freshness.await(Reads.of(Reads.CONTRACTS, Reads.STATEMENTS).on(null, date), minPosition,
                afterWrite);
        String until = date.toString();
        Set<String> unsettled = new HashSet<>();
        Set<String> unknown = new HashSet<>();
        Set<String> differing = new HashSet<>();
        for (SettlementFlags.Raised flag : flags.raisedBefore(settings.endOf(date), null)) {
            switch (flag.flag()) {
                case UNSETTLED -> unsettled.add(flag.payment());
                case UNKNOWN_RECEIPT -> unknown.add(flag.source() + ":" + flag.lineId());
                case AMOUNT_DIFFERS -> differing.add(flag.matchId());
            }
        }

        Map<String, Document> lines = new HashMap<>();
        mongo.getCollection(StatementLinesProjection.STATEMENT_LINES).find(Filters.lte("day", until))
                .forEach(d -> lines.put(d.getString("_id"), d));
        Map<String, Document> matches = new HashMap<>();
        mongo.getCollection(SettlementProjection.MATCHES).find(Filters.eq("undone", false))
                .forEach(d -> matches.put(d.getString("_id"), d));

        Money collected = Money.ZERO;
        Money settled = Money.ZERO;
        Map<String, Document> payments = new HashMap<>();
        List<Payment> unmatchedPayments = new ArrayList<>();
        for (Document payment : mongo.getCollection(SettlementProjection.PAYMENTS).find(Filters.lte("day", until))) {
            payments.put(payment.getString("_id"), payment);
            Money amount = amount(payment);
            collected = collected.plus(amount);
            Document match = matches.get(payment.getString("matchId"));
            if (match != null && settledBy(match, lines)) {
                settled = settled.plus(amount);
                continue;
            }
            LocalDate day = LocalDate.parse(payment.getString("day"));
            long days = java.time.temporal.ChronoUnit.DAYS.between(day, date);
            String method = payment.getString("method");
            PaymentMethod paidBy = method == null ? null : PaymentMethod.valueOf(method);
            unmatchedPayments.add(new Payment(payment.getString("contractId"), MatchedKind.valueOf(payment.getString("kind")),
                    payment.getString("paymentId"), paidBy, sourceOf(paidBy), amount, day, payment.getString("receiptNo"),
                    days, unsettled.contains(payment.getString("_id")) ? List.of(UNSETTLED) : List.of()));
        }
        unmatchedPayments.sort(Comparator.comparing(Payment::day).thenComparing(Payment::contractId)
                .thenComparing(p -> p.kind().name()));

        List<Line> unmatchedLines = new ArrayList<>();
        for (Document line : lines.values()) {
            if (line.getString("matchId") == null) {
                LocalDate day = LocalDate.parse(line.getString("day"));
                long days = java.time.temporal.ChronoUnit.DAYS.between(day, date);
                unmatchedLines.add(new Line(StatementSource.valueOf(line.getString("source")), line.getString("lineId"),
                        day, Bson.money(line, "amount"), line.getString("reference"), days,
                        unknown.contains(line.getString("_id")) ? List.of(UNKNOWN_RECEIPT) : List.of()));
            }
        }
        unmatchedLines.sort(Comparator.comparing(Line::day).thenComparing(l -> l.source().name())
                .thenComparing(Line::lineId));

        List<Proposal> proposals = new ArrayList<>();
        List<Match> differ = new ArrayList<>();
        Map<String, Document> allPayments = new HashMap<>(payments);
        for (Document entry : mongo.getCollection(SettlementProjection.MATCHES).find(Filters.eq("undone", false))) {
            StatementSource source = StatementSource.valueOf(entry.getString("source"));
            List<Item> paid = items(entry);
            List<Item> shown = entry.getList("lines", String.class).stream()
                    .map(id -> new Item(id, lineAmount(source, id, lines))).toList();
            if ("PROPOSAL".equals(entry.getString("kind"))) {
                boolean open = paid.stream().allMatch(p -> allPayments.containsKey(p.id())
                        && allPayments.get(p.id()).getString("matchId") == null)
                        && shown.stream().allMatch(l -> lines.containsKey(source.name() + ":" + l.id())
                        && lines.get(source.name() + ":" + l.id()).getString("matchId") == null);
                if (open) {
                    proposals.add(new Proposal(entry.getString("_id"), source, paid, shown, entry.getString("reason")));
                }
            } else if (differing.contains(entry.getString("_id"))) {
                differ.add(new Match(entry.getString("_id"), source, entry.getString("how"), paid, shown,
                        entry.getString("reason"), List.of(AMOUNT_DIFFERS)));
            }
        }
        proposals.sort(Comparator.comparing(Proposal::proposalId));
        differ.sort(Comparator.comparing(Match::matchId));
        return new Settlement(read.asOf(), read.stale(), date, new Totals(collected, settled, collected.minus(settled),
                unmatchedPayments.size(), unmatchedLines.size()), unmatchedPayments, unmatchedLines, proposals, differ);
    }

    /** A payment is settled as of the date when its match's lines are all of a day up to it. */
    private static boolean settledBy(Document match, Map<String, Document> lines) {
        String source = match.getString("source");
        return match.getList("lines", String.class).stream().allMatch(id -> lines.containsKey(source + ":" + id));
    }

    private static Money amount(Document payment) {
        return payment.get("correctedAmount") != null ? Bson.money(payment, "correctedAmount")
                : Bson.money(payment, "collectedAmount");
    }

    private static Money lineAmount(StatementSource source, String lineId, Map<String, Document> lines) {
        Document line = lines.get(source.name() + ":" + lineId);
        return line == null ? null : Bson.money(line, "amount");
    }

    private static List<Item> items(Document entry) {
        return entry.getList("payments", Document.class).stream()
                .map(p -> new Item(p.getString("id"), Bson.money(p, "amount"))).toList();
    }

    private static StatementSource sourceOf(PaymentMethod method) {
        return method == null ? null : Arrays.stream(StatementSource.values())
                .filter(source -> source.methods().contains(method)).findFirst().orElse(null);
    }
}
