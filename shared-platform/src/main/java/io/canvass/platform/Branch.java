package io.canvass.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.time.ZoneId;

/**
 * What both apps must agree on about the branch, with its defaults written once: its time zone
 * (docs/domain.md#the-branchs-day) and the days after which money outstanding or a deposit held
 * needs a call (docs/domain.md#follow-ups), which the command side's deadlines and the query side's
 * reconciliation flags count alike.
 *
 * @param zone  the branch's time zone: every "day" is a local calendar day here
 * @param flags the follow-up thresholds
 */
@Validated
@ConfigurationProperties("canvass")
public record Branch(ZoneId zone, @Valid Flags flags) {

    /** The zone of the plan's branch, where no other is configured. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    public Branch {
        zone = zone == null ? DEFAULT_ZONE : zone;
        flags = flags == null ? new Flags(null, null, null) : flags;
    }

    /**
     * @param balanceOverdueDays days after the first installation's day after which money outstanding is overdue
     * @param depositIdleDays    days after the first deposit's day after which a deposit with nothing installed is idle
     * @param syncGrace          the least time a follow-up deadline waits after it is scheduled, so that work
     *                           synced late arrives whole before it fires (the command side's)
     */
    public record Flags(@Min(1) Integer balanceOverdueDays, @Min(1) Integer depositIdleDays, Duration syncGrace) {

        public static final int DEFAULT_DAYS = 30;

        public Flags {
            balanceOverdueDays = balanceOverdueDays == null ? DEFAULT_DAYS : balanceOverdueDays;
            depositIdleDays = depositIdleDays == null ? DEFAULT_DAYS : depositIdleDays;
            syncGrace = syncGrace == null ? Duration.ofMinutes(5) : syncGrace;
            if (syncGrace.isNegative()) {
                throw new IllegalArgumentException("canvass.flags.sync-grace must not be negative: " + syncGrace);
            }
        }
    }
}
