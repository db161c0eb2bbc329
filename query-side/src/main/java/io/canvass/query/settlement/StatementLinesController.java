package io.canvass.query.settlement;

import io.canvass.platform.web.NullWhen;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.canvass.events.Money;
import io.canvass.events.settlement.StatementSource;
import io.canvass.platform.web.NullWhen;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.DateRange;
import io.canvass.query.engine.Freshness;
import io.canvass.query.engine.Reads;
import io.canvass.query.platform.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The statement lines finance imported (docs/finance.md, "Reading the statements"). */
@Tag(name = "Settlement", description = "Statement lines where the field's money landed. Roles FINANCE, AUDITOR.")
@RestController
@RequestMapping("/api/finance/statements")
class StatementLinesController {

    /** A list spans at most a year of statement days. */
    static final int MAX_DAYS = 366;

    private final MongoTemplate mongo;
    private final Freshness freshness;

    StatementLinesController(MongoTemplate mongo, Freshness freshness) {
        this.mongo = mongo;
        this.freshness = freshness;
    }

    /** @param matchId the match that settles it now; null while it is unmatched */
    record Line(StatementSource source, String lineId, LocalDate day, Money amount, String reference, String layout,
                Instant recordedAt, @NullWhen("the line is unmatched now") String matchId) {
    }

    /** Of every line in the range (not only the page): how many, the money in, the money out (refunds, negative). */
    record Totals(long lines, Money in, Money out) {
    }

    record Lines(Freshness.AsOf asOf, boolean stale,
                 @NullWhen("no source was asked: the lines of every source") StatementSource source, LocalDate from, LocalDate to,
                 Totals totals, List<Line> lines, Page page) {
    }

    @Operation(summary = "Statement lines recorded", description = "Each line of the statements imported, of one source"
            + " or all, whose statement day is from `from` to `to` (at most 366 days): source, line id, day, amount"
            + " (negative: money left, a refund), reference, the layout it came in, when it was recorded and the match"
            + " that settles it now (null while unmatched); by day,"
            + " then source and line id; paged. Totals count every line of the range.")
    @GetMapping("/lines")
    Lines lines(@Parameter(description = "Only this source's lines") @RequestParam(required = false) StatementSource source,
                @Parameter(description = "First statement day (YYYY-MM-DD)")
                @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @Parameter(description = "Last statement day (YYYY-MM-DD)")
                @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
                @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite,
                @RequestParam(defaultValue = "0") int page,
                @RequestParam(defaultValue = "100") int size) {
        DateRange.check(from, to, MAX_DAYS);
        Page.Request request = Page.request(page, size);
        Freshness.Read read = freshness.await(Reads.of(Reads.STATEMENTS), minPosition, afterWrite);
        var filter = source == null
                ? Filters.and(Filters.gte("day", from.toString()), Filters.lte("day", to.toString()))
                : Filters.and(Filters.eq("source", source.name()), Filters.gte("day", from.toString()),
                Filters.lte("day", to.toString()));
        var collection = mongo.getCollection(StatementLinesProjection.STATEMENT_LINES);
        long count = 0;
        Money in = Money.ZERO;
        Money out = Money.ZERO;
        for (Document amount : collection.find(filter).projection(Projections.include("amount"))) {
            Money money = Bson.money(amount, "amount");
            count++;
            if (money.isNegative()) {
                out = out.plus(money);
            } else {
                in = in.plus(money);
            }
        }
        List<Line> lines = new ArrayList<>();
        collection.find(filter).sort(Sorts.ascending("day", "source", "lineId"))
                .skip((int) Math.min(Integer.MAX_VALUE, (long) request.number() * request.size())).limit(request.size())
                .forEach(d -> lines.add(new Line(StatementSource.valueOf(d.getString("source")), d.getString("lineId"),
                        LocalDate.parse(d.getString("day")), Bson.money(d, "amount"), d.getString("reference"),
                        d.getString("layout"), Bson.instant(d.get("recordedAt")), d.getString("matchId"))));
        return new Lines(read.asOf(), read.stale(), source, from, to, new Totals(count, in, out), lines,
                request.page(count));
    }
}
