package io.canvass.query.platform;

import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.query.profit.ProfitProjection;
import io.canvass.query.quota.QuotaProjection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * The figures of the dashboards as gauges, for Grafana: today's team quota attainment and each
 * channel's net profit and installed units to date. Worked out from the read models at most every
 * 15 seconds, whatever the scrape rate.
 */
@Component
class BusinessMetrics {

    private static final Duration REFRESH = Duration.ofSeconds(15);

    private final MongoTemplate mongo;
    private final CanvassSettings settings;
    private final Clock clock;
    private Instant refreshedAt = Instant.EPOCH;
    private BigDecimal attainment = BigDecimal.ZERO;
    private final Map<Channel, Totals> channels = new EnumMap<>(Channel.class);

    /** A channel's totals to date, exact. */
    private record Totals(Money netProfit, long unitsInstalled) {
        static final Totals NONE = new Totals(Money.ZERO, 0);

        Totals plus(Money profit, int units) {
            return new Totals(netProfit.plus(profit), unitsInstalled + units);
        }
    }

    BusinessMetrics(MongoTemplate mongo, CanvassSettings settings, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.settings = settings;
        this.clock = clock;
        Gauge.builder("canvass.quota.attainment", this, metrics -> exported(metrics.refreshed().attainment))
                .description("Units signed today by the whole team, as a share of the team's daily target")
                .register(meters);
        for (Channel channel : Channel.values()) {
            Gauge.builder("canvass.channel.net.profit", this, metrics -> exported(metrics.refreshed().channel(channel).netProfit().amount()))
                    .description("Net profit earned by installations to date, in yuan")
                    .baseUnit("yuan").tag("channel", channel.name()).register(meters);
            Gauge.builder("canvass.channel.units.installed", this, metrics -> metrics.refreshed().channel(channel).unitsInstalled())
                    .description("Units installed to date").tag("channel", channel.name()).register(meters);
        }
    }

    private Totals channel(Channel channel) {
        return channels.getOrDefault(channel, Totals.NONE);
    }

    /** Prometheus samples are floating point: the exact figure is converted only here, on its way out. */
    private static double exported(BigDecimal exact) {
        return exact.doubleValue();
    }

    private synchronized BusinessMetrics refreshed() {
        Instant now = clock.instant();
        if (Duration.between(refreshedAt, now).compareTo(REFRESH) < 0) {
            return this;
        }
        refreshedAt = now;
        try {
            LocalDate today = settings.localDate(now);
            long salespeople = mongo.getCollection(QuotaProjection.SALESPEOPLE).countDocuments();
            long units = 0;
            for (Document day : mongo.getCollection(QuotaProjection.DAYS).find(new Document("date", today.toString()))) {
                for (Object contract : Bson.sub(day, "contracts").values()) {
                    units += Bson.integer((Document) contract, "units");
                }
            }
            long target = salespeople * settings.quota().target();
            attainment = target == 0 ? BigDecimal.ZERO
                    : BigDecimal.valueOf(units).divide(BigDecimal.valueOf(target), 4, RoundingMode.HALF_EVEN);
            channels.clear();
            for (Document day : mongo.getCollection(ProfitProjection.COLLECTION).find()) {
                Channel channel = Channel.valueOf(day.getString("channel"));
                for (Object value : Bson.sub(day, "installed").values()) {
                    Document installed = (Document) value;
                    channels.put(channel, channel(channel).plus(Bson.money(installed, "netProfit"),
                            Bson.integer(installed, "units")));
                }
            }
        } catch (RuntimeException e) {
            // the read models are unreachable: keep the last figures rather than report zeros
            refreshedAt = Instant.EPOCH;
        }
        return this;
    }
}
