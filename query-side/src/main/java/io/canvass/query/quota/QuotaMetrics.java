package io.canvass.query.quota;

import io.canvass.query.platform.Bson;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.platform.Refreshed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;

/** Today's team quota attainment as a gauge, for Grafana; worked out at most every 15 seconds. */
@Component
class QuotaMetrics {

    QuotaMetrics(MongoTemplate mongo, CanvassSettings settings, Clock clock, MeterRegistry meters) {
        Refreshed<BigDecimal> attainment = new Refreshed<>(BigDecimal.ZERO, () -> {
            LocalDate today = settings.localDate(clock.instant());
            long salespeople = mongo.getCollection(QuotaProjection.SALESPEOPLE).countDocuments();
            long units = 0;
            for (Document day : mongo.getCollection(QuotaProjection.DAYS).find(new Document("date", today.toString()))) {
                for (Object contract : Bson.sub(day, "contracts").values()) {
                    units += Bson.integer((Document) contract, "units");
                }
            }
            long target = salespeople * settings.quota().target();
            return target == 0 ? BigDecimal.ZERO
                    : BigDecimal.valueOf(units).divide(BigDecimal.valueOf(target), 4, RoundingMode.HALF_EVEN);
        }, Duration.ofSeconds(15), clock);
        // Prometheus samples are floating point: the exact figure is converted only here, on its way out
        Gauge.builder("canvass.quota.attainment", attainment, figure -> figure.get().doubleValue())
                .description("Units signed today by the whole team, as a share of the team's daily target")
                .register(meters);
    }
}
