package io.canvass.query.platform;

import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.platform.Branch;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the figures depend on (docs/domain.md#figures), configurable per branch.
 *
 * @param zone            the branch's time zone: a "day" is a local calendar day here
 * @param quota           daily targets per salesperson
 * @param profit          net profit per installed unit, by channel and effective date
 * @param plans           retired: campaigns are planned by command ({@code POST /api/campaigns}); set, it stops the start
 * @param freshnessWait   how long a request with minPosition waits for the read model
 */
@Validated
@ConfigurationProperties("canvass")
public record CanvassSettings(ZoneId zone, @Valid Quota quota, @Valid Profit profit,
                              Map<Channel, Plan> plans, Duration freshnessWait) {

    public CanvassSettings {
        zone = zone == null ? Branch.DEFAULT_ZONE : zone;
        quota = quota == null ? new Quota(null, null) : quota;
        profit = profit == null ? new Profit(null, null) : profit;
        if (plans != null && !plans.isEmpty()) {
            throw new IllegalStateException("canvass.plans is retired: a campaign's plan is data now, planned with"
                    + " POST /api/campaigns on the command side (docs/api.md#campaigns); remove canvass.plans");
        }
        plans = Map.of();
        freshnessWait = freshnessWait == null ? Duration.ofSeconds(5) : freshnessWait;
        if (freshnessWait.isNegative()) {
            throw new IllegalArgumentException("canvass.freshness-wait must not be negative: " + freshnessWait);
        }
    }

    /** The local day of an instant in the branch's zone. */
    public LocalDate localDate(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    /** The first instant after a local day ends. */
    public Instant endOf(LocalDate date) {
        return date.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /**
     * @param target         units per salesperson per day outside every campaign (2: docs/domain.md#quota)
     * @param channelTargets retired: a campaign's daily target is data now; set, it stops the start
     */
    public record Quota(@Min(1) Integer target, Map<Channel, Integer> channelTargets) {
        public Quota {
            target = target == null ? 2 : target;
            if (channelTargets != null && !channelTargets.isEmpty()) {
                throw new IllegalStateException("canvass.quota.channel-targets is retired: a campaign's daily target"
                        + " is data now (POST /api/campaigns, .../targets); remove canvass.quota.channel-targets");
            }
            channelTargets = Map.of();
        }
    }

    /**
     * @param perUnit net profit per installed unit (460.00 in the plan)
     * @param rates   changes of rate: from their effective date on, for one channel or (no channel) all
     */
    public record Profit(@PositiveOrZero @Digits(integer = 13, fraction = 2) BigDecimal perUnit,
                         List<@Valid Rate> rates) {
        public Profit {
            perUnit = perUnit == null ? new BigDecimal("460.00") : perUnit;
            rates = rates == null ? List.of() : rates.stream()
                    .sorted(Comparator.comparing(Rate::effectiveFrom)).toList();
        }

        /** The rate in force for a channel on a day: a later rate never reaches back before its date. */
        public Money perUnit(Channel channel, LocalDate day) {
            BigDecimal rate = perUnit;
            for (Rate change : rates) {
                if (!change.effectiveFrom().isAfter(day) && (change.channel() == null || change.channel() == channel)) {
                    rate = change.perUnit();
                }
            }
            return new Money(rate);
        }
    }

    public record Rate(Channel channel, LocalDate effectiveFrom,
                       @PositiveOrZero @Digits(integer = 13, fraction = 2) BigDecimal perUnit) {
        public Rate {
            if (effectiveFrom == null || perUnit == null) {
                throw new IllegalArgumentException("canvass.profit.rates[n] needs effective-from and per-unit");
            }
        }
    }

    /** Retired: what canvass.plans held. */
    public record Plan(int units, BigDecimal netProfit) {
    }
}
