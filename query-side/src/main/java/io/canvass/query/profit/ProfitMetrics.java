package io.canvass.query.profit;

import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.Refreshed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** Each channel's net profit and installed units to date as gauges, for Grafana; worked out at most every 15 seconds. */
@Component
class ProfitMetrics {

    /** A channel's totals to date, exact. */
    private record Totals(Money netProfit, long unitsInstalled) {
        static final Totals NONE = new Totals(Money.ZERO, 0);

        Totals plus(Money profit, int units) {
            return new Totals(netProfit.plus(profit), unitsInstalled + units);
        }
    }

    ProfitMetrics(MongoTemplate mongo, Clock clock, MeterRegistry meters) {
        Refreshed<Map<Channel, Totals>> channels = new Refreshed<>(Map.of(), () -> {
            Map<Channel, Totals> totals = new EnumMap<>(Channel.class);
            for (Document day : mongo.getCollection(ProfitProjection.COLLECTION).find()) {
                Channel channel = Channel.valueOf(day.getString("channel"));
                for (Object value : Bson.sub(day, "installed").values()) {
                    Document installed = (Document) value;
                    totals.put(channel, totals.getOrDefault(channel, Totals.NONE)
                            .plus(Bson.money(installed, "netProfit"), Bson.integer(installed, "units")));
                }
            }
            return totals;
        }, Duration.ofSeconds(15), clock);
        for (Channel channel : Channel.values()) {
            // Prometheus samples are floating point: the exact figure is converted only here, on its way out
            Gauge.builder("canvass.channel.net.profit", channels,
                            figures -> figures.get().getOrDefault(channel, Totals.NONE).netProfit().amount().doubleValue())
                    .description("Net profit earned by installations to date, in yuan")
                    .baseUnit("yuan").tag("channel", channel.name()).register(meters);
            Gauge.builder("canvass.channel.units.installed", channels,
                            figures -> figures.get().getOrDefault(channel, Totals.NONE).unitsInstalled())
                    .description("Units installed to date").tag("channel", channel.name()).register(meters);
        }
    }
}
