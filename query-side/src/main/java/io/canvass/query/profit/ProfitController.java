package io.canvass.query.profit;

import io.canvass.platform.web.NullWhen;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.mongodb.client.model.Projections;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.query.platform.Bson;
import io.canvass.query.campaigns.Campaigns;
import io.canvass.query.platform.DateRange;
import io.canvass.query.engine.Freshness;
import io.canvass.query.engine.Reads;
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

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Channel profit over a range of local days: live contracts signed in the range (their units,
 * value as revenue, and what they still owe), units installed and the net profit they earned in
 * the range, and money collected in the range (deposits + balances - refunds), beside the plan.
 */
@Tag(name = "Profit", description = "Channel profit against the campaign plan. Roles MANAGER, FINANCE.")
@RestController
@RequestMapping("/api/profit")
class ProfitController {

    static final int MAX_DAYS = 3660;

    private final MongoTemplate mongo;
    private final Freshness freshness;
    private final Campaigns campaigns;

    ProfitController(MongoTemplate mongo, Freshness freshness, Campaigns campaigns) {
        this.mongo = mongo;
        this.freshness = freshness;
        this.campaigns = campaigns;
    }

    record Plan(int units, Money netProfit) {
    }

    record ChannelProfit(@NullWhen("these are the totals over every channel (the answer's total)") Channel channel,
                         int contracts, int unitsSigned, int unitsInstalled, Money revenue,
                         Money collected, Money outstanding, Money netProfit,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Plan plan) {
    }

    record Profit(Freshness.AsOf asOf, boolean stale, LocalDate from, LocalDate to, List<ChannelProfit> channels,
                  ChannelProfit total) {
    }

    private static final class Sums {
        int contracts;
        int unitsSigned;
        int unitsInstalled;
        Money revenue = Money.ZERO;
        Money collected = Money.ZERO;
        Money outstanding = Money.ZERO;
        Money netProfit = Money.ZERO;

        boolean empty() {
            return contracts == 0 && unitsInstalled == 0 && collected.isZero() && netProfit.isZero();
        }

        void add(Sums other) {
            contracts += other.contracts;
            unitsSigned += other.unitsSigned;
            unitsInstalled += other.unitsInstalled;
            revenue = revenue.plus(other.revenue);
            collected = collected.plus(other.collected);
            outstanding = outstanding.plus(other.outstanding);
            netProfit = netProfit.plus(other.netProfit);
        }
    }

    @Operation(summary = "Channel profit over a range", description = "Per channel: live contracts signed in the range, units signed, revenue and outstanding; units installed and net profit of installations made in the range (at the rate in force that day); money collected in the range less refunds; beside it, the plan of the channel's campaigns for the days of the range (salesperson-days x the target of each day; units x the campaign's net profit per unit; the other-channels campaign on the OTHER line).")
    @GetMapping("/channels")
    Profit channels(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                    @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                    @Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
            @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite) {
        DateRange.check(from, to, MAX_DAYS);
        Reads reads = Reads.of(Reads.CONTRACTS, Reads.CAMPAIGNS).inChannel(Reads.ANY).on(from, to);
        Freshness.Read read = freshness.await(reads, minPosition, afterWrite);
        Map<Channel, Sums> sums = new EnumMap<>(Channel.class);
        // by _id: every channel's document for every day of the range, never a scan of the collection
        List<String> ids = new ArrayList<>();
        from.datesUntil(to.plusDays(1)).forEach(day -> {
            for (Channel channel : Channel.values()) {
                ids.add(ProfitProjection.dayId(channel, day));
            }
        });
        // the days' totals only (see ProfitProjection.DAY_TOTALS)
        Bson.findByIds(mongo.getCollection(ProfitProjection.COLLECTION), ids,
                Projections.include("channel", ProfitProjection.TOTALS),
                day -> add(sums.computeIfAbsent(Channel.valueOf(day.getString("channel")), c -> new Sums()), day));
        List<ChannelProfit> channels = new ArrayList<>();
        List<Campaigns.Campaign> planned = campaigns.all();
        Sums total = new Sums();
        for (Channel channel : Channel.values()) {
            Sums s = sums.get(channel);
            Plan plan = Campaigns.plannedFor(planned, channel, from, to)
                    .map(p -> new Plan(p.units(), p.netProfit())).orElse(null);
            if ((s == null || s.empty()) && plan == null) {
                continue;
            }
            s = s == null ? new Sums() : s;
            total.add(s);
            channels.add(profit(channel, s, plan));
        }
        return new Profit(read.asOf(), read.stale(), from, to, channels, profit(null, total, null));
    }

    private static ChannelProfit profit(Channel channel, Sums s, Plan plan) {
        return new ChannelProfit(channel, s.contracts, s.unitsSigned, s.unitsInstalled, s.revenue, s.collected,
                s.outstanding, s.netProfit, plan);
    }

    private static void add(Sums sums, Document day) {
        Document totals = Bson.sub(day, ProfitProjection.TOTALS);
        sums.contracts += Bson.integer(totals, "contracts");
        sums.unitsSigned += Bson.integer(totals, "unitsSigned");
        sums.unitsInstalled += Bson.integer(totals, "unitsInstalled");
        sums.revenue = sums.revenue.plus(Bson.money(totals, "revenue"));
        sums.outstanding = sums.outstanding.plus(Bson.money(totals, "outstanding"));
        sums.netProfit = sums.netProfit.plus(Bson.money(totals, "netProfit"));
        sums.collected = sums.collected.plus(Bson.money(totals, "collected"));
    }
}
