package io.canvass.query.quota;

import io.swagger.v3.oas.annotations.media.Schema;
import io.canvass.platform.security.OwnWork;
import io.canvass.query.campaigns.Campaigns;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.CanvassSettings;
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
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-salesperson daily quota: units of live contracts signed on a local day against the target
 * (the target of the campaign the salesperson works that day, as it stood for that day; 2 outside every campaign); {@code met} when units reach the target.
 */
@Tag(name = "Quota", description = "Units of live contracts signed per salesperson and local day, against the daily target. Roles MANAGER, SALES.")
@RestController
@RequestMapping("/api/quota")
class QuotaController {

    static final int MAX_DAYS = 366;

    private final MongoTemplate mongo;
    private final Freshness freshness;
    private final CanvassSettings settings;
    private final Campaigns campaigns;

    QuotaController(MongoTemplate mongo, Freshness freshness, CanvassSettings settings, Campaigns campaigns) {
        this.mongo = mongo;
        this.freshness = freshness;
        this.settings = settings;
        this.campaigns = campaigns;
    }

    record QuotaDay(String salespersonId, LocalDate date, int unitsSigned, int target, boolean met, int shortfall) {
    }

    record Day(LocalDate date, int unitsSigned, int target, boolean met, int shortfall) {
    }

    @Schema(name = "QuotaTotals")
    record Totals(int days, int unitsSigned, int target, int daysMet, int shortfall) {
    }

    record Daily(Freshness.AsOf asOf, boolean stale, LocalDate date, List<QuotaDay> salespeople, Totals team,
                 Page page) {
    }

    record Salesperson(Freshness.AsOf asOf, boolean stale, String salespersonId, LocalDate from, LocalDate to,
                       List<Day> days, Totals totals) {
    }

    @Operation(summary = "Everyone's quota on one day", description = "Per salesperson: units of live contracts signed on the local day, the target (of the campaign they work that day, as it stood for that day; 2 outside every campaign), met, shortfall = max(0, target - units). Lists everyone who has filed work.")
    @GetMapping("/daily")
    Daily daily(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                @Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
            @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite,
                @RequestParam(defaultValue = "0") int page,
                @RequestParam(defaultValue = "100") int size) {
        Reads reads = Reads.of(Reads.CONTRACTS, Reads.PROSPECTS, Reads.CAMPAIGNS).bySalesperson(Reads.ANY).on(date, date);
        Freshness.Read read = freshness.await(reads, minPosition, afterWrite);
        Page.Request request = Page.request(page, size);
        List<String> salespeople = new ArrayList<>();
        mongo.getCollection(QuotaProjection.SALESPEOPLE).find().sort(new Document("_id", 1))
                .forEach(document -> salespeople.add(document.getString("_id")));
        Map<String, Document> days = byId(salespeople.stream().map(s -> QuotaProjection.dayId(s, date)).toList());
        List<Campaigns.Campaign> planned = campaigns.all();
        List<QuotaDay> all = salespeople.stream().map(salesperson -> {
            Day day = day(planned, salesperson, date, days.get(QuotaProjection.dayId(salesperson, date)));
            return new QuotaDay(salesperson, date, day.unitsSigned(), day.target(), day.met(), day.shortfall());
        }).toList();
        Totals team = totals(all.stream().map(q -> new Day(q.date(), q.unitsSigned(), q.target(), q.met(), q.shortfall())).toList());
        return new Daily(read.asOf(), read.stale(), date, request.slice(all), team, request.page(all.size()));
    }

    @Operation(summary = "One salesperson's quota over a range", description = "Each local day from..to (days without signings count 0) and the totals. A salesperson may read only their own.")
    @GetMapping("/salespeople/{salespersonId}")
    Salesperson salesperson(Authentication user, @PathVariable String salespersonId,
                            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                            @Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
            @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite) {
        OwnWork.requireSelfIfSales(user, salespersonId, "quota");
        DateRange.check(from, to, MAX_DAYS);
        Reads reads = Reads.of(Reads.CONTRACTS, Reads.CAMPAIGNS).bySalesperson(salespersonId).on(from, to);
        Freshness.Read read = freshness.await(reads, minPosition, afterWrite);
        List<LocalDate> dates = from.datesUntil(to.plusDays(1)).toList();
        Map<String, Document> stored = byId(dates.stream().map(d -> QuotaProjection.dayId(salespersonId, d)).toList());
        List<Campaigns.Campaign> planned = campaigns.all();
        List<Day> days = dates.stream()
                .map(d -> day(planned, salespersonId, d, stored.get(QuotaProjection.dayId(salespersonId, d)))).toList();
        return new Salesperson(read.asOf(), read.stale(), salespersonId, from, to, days, totals(days));
    }

    private Map<String, Document> byId(List<String> ids) {
        Map<String, Document> found = new HashMap<>();
        if (!ids.isEmpty()) {
            Bson.findByIds(mongo.getCollection(QuotaProjection.DAYS), ids, null,
                    document -> found.put(document.getString("_id"), document));
        }
        return found;
    }

    /**
     * A day's figures: units of live contracts signed that day against the target of the campaign
     * the salesperson worked that day, as it stood for that day (a later change does not reach
     * back); outside every campaign, the default target (2, docs/domain.md#quota).
     */
    private Day day(List<Campaigns.Campaign> planned, String salespersonId, LocalDate date, Document stored) {
        int units = 0;
        if (stored != null) {
            for (Object value : Bson.sub(stored, "contracts").values()) {
                units += Bson.integer((Document) value, "units");
            }
        }
        int target = Campaigns.targetOn(planned, salespersonId, date).orElse(settings.quota().target());
        return new Day(date, units, target, units >= target, Math.max(0, target - units));
    }

    private static Totals totals(List<Day> days) {
        return new Totals(days.size(), days.stream().mapToInt(Day::unitsSigned).sum(),
                days.stream().mapToInt(Day::target).sum(), (int) days.stream().filter(Day::met).count(),
                days.stream().mapToInt(Day::shortfall).sum());
    }
}
