package io.canvass.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.time.ZoneId;

/**
 * What both apps must agree on about the branch, with its defaults written once: its time zone
 * (docs/domain.md#the-branchs-day) and the days after which money outstanding, a deposit held, a
 * payment no statement settles or a statement line no payment explains needs a call
 * (docs/domain.md#follow-ups, docs/finance.md): the command side's deadlines record each flag when
 * it falls due, and every reader (reconciliation, follow-ups, settlement) reads what they recorded,
 * so that a threshold is counted in one place only.
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
        flags = flags == null ? new Flags(null, null, null, null, null) : flags;
    }

    /**
     * @param balanceOverdueDays days after the first installation's day after which money outstanding is overdue
     * @param depositIdleDays    days after the first deposit's day after which a deposit with nothing installed is idle
     * @param unsettledDays      days after its day from which a payment no statement line settles is UNSETTLED
     * @param unknownReceiptDays days after its day from which a statement line no payment explains is UNKNOWN_RECEIPT
     * @param syncGrace          the least time a follow-up deadline waits after it is scheduled, so that work
     *                           synced late arrives whole before it fires (the command side's)
     */
    public record Flags(@Min(1) Integer balanceOverdueDays, @Min(1) Integer depositIdleDays,
                        @Min(1) Integer unsettledDays, @Min(1) Integer unknownReceiptDays, Duration syncGrace) {

        public static final int DEFAULT_DAYS = 30;
        /** docs/domain.md, "Money arrives: settlement": 7 days after its day. */
        public static final int DEFAULT_SETTLEMENT_DAYS = 7;

        public Flags {
            balanceOverdueDays = balanceOverdueDays == null ? DEFAULT_DAYS : balanceOverdueDays;
            depositIdleDays = depositIdleDays == null ? DEFAULT_DAYS : depositIdleDays;
            unsettledDays = unsettledDays == null ? DEFAULT_SETTLEMENT_DAYS : unsettledDays;
            unknownReceiptDays = unknownReceiptDays == null ? DEFAULT_SETTLEMENT_DAYS : unknownReceiptDays;
            syncGrace = syncGrace == null ? Duration.ofMinutes(5) : syncGrace;
            if (syncGrace.isNegative()) {
                throw new IllegalArgumentException("canvass.flags.sync-grace must not be negative: " + syncGrace);
            }
        }
    }
}
