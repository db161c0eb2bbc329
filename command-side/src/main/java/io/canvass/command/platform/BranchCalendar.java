package io.canvass.command.platform;

import io.canvass.platform.Branch;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The branch's days (docs/domain.md#the-branchs-day: a day is a local calendar day,
 * {@code canvass.zone}) and the follow-up thresholds ({@code canvass.flags.*}), on the injected
 * clock. The thresholds are counted here only: the deadlines record each flag when it falls due,
 * and the query side reads the recorded flags (docs/finance.md, "Flags").
 */
@Component
public class BranchCalendar {

    private final Clock clock;
    private final ZoneId zone;
    private final int balanceOverdueDays;
    private final int depositIdleDays;
    private final int unsettledDays;
    private final int unknownReceiptDays;
    private final Duration syncGrace;

    @Autowired
    public BranchCalendar(Clock clock, Branch branch) {
        this(clock, branch.zone(), branch.flags().balanceOverdueDays(), branch.flags().depositIdleDays(),
                branch.flags().unsettledDays(), branch.flags().unknownReceiptDays(), branch.flags().syncGrace());
    }

    /** The branch as a test sets it up. */
    public BranchCalendar(Clock clock, ZoneId zone, int balanceOverdueDays, int depositIdleDays, int unsettledDays,
                          int unknownReceiptDays, Duration syncGrace) {
        this.clock = clock;
        this.zone = zone;
        this.balanceOverdueDays = balanceOverdueDays;
        this.depositIdleDays = depositIdleDays;
        this.unsettledDays = unsettledDays;
        this.unknownReceiptDays = unknownReceiptDays;
        this.syncGrace = syncGrace;
    }

    /** With the settlement flags' 7 days (docs/domain.md, "Money arrives: settlement"). */
    public BranchCalendar(Clock clock, ZoneId zone, int balanceOverdueDays, int depositIdleDays, Duration syncGrace) {
        this(clock, zone, balanceOverdueDays, depositIdleDays, Branch.Flags.DEFAULT_SETTLEMENT_DAYS,
                Branch.Flags.DEFAULT_SETTLEMENT_DAYS, syncGrace);
    }

    /** With the 30-day thresholds of docs/domain.md#follow-ups and no grace (tests). */
    public BranchCalendar(Clock clock, ZoneId zone, int balanceOverdueDays, int depositIdleDays) {
        this(clock, zone, balanceOverdueDays, depositIdleDays, Duration.ZERO);
    }

    public Instant now() {
        return clock.instant();
    }

    /** The branch's local day now. */
    public LocalDate today() {
        return localDate(clock.instant());
    }

    public LocalDate localDate(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    /** The first instant of a local day. */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** Days after the first installation's day after which money outstanding is overdue. */
    public int balanceOverdueDays() {
        return balanceOverdueDays;
    }

    /** Days after the first deposit's day after which a deposit with nothing installed is idle. */
    public int depositIdleDays() {
        return depositIdleDays;
    }

    /** Days after its day from which a payment no statement line settles is UNSETTLED. */
    public int unsettledDays() {
        return unsettledDays;
    }

    /** Days after its day from which a statement line no payment explains is UNKNOWN_RECEIPT. */
    public int unknownReceiptDays() {
        return unknownReceiptDays;
    }

    /**
     * When a follow-up deadline fires: when it falls due, but never sooner than the grace after
     * now. Field apps sync late: a deposit recorded today for a day 40 days ago is due at once, and
     * the installation that came 5 hours after it in the field is usually a few requests behind it;
     * the deadline then finds it installed and records nothing, instead of a deposit that was never
     * idle.
     */
    public Instant fireAt(Instant due) {
        Instant earliest = clock.instant().plus(syncGrace);
        return due.isBefore(earliest) ? earliest : due;
    }

    /**
     * The first instant at which something that started on {@code since}'s local day is more than
     * {@code days} days old, as the reconciliation counts it (days between the local days > N).
     */
    public Instant dueAfter(Instant since, int days) {
        return startOf(localDate(since).plusDays(days + 1L));
    }

    /**
     * The first instant at which something of a local day is {@code days} days old or more, as
     * docs/domain.md counts the settlement flags ("unmatched 7 days after its day": from the start
     * of the 7th day after it).
     */
    public Instant dueOn(LocalDate day, int days) {
        return startOf(day.plusDays(days));
    }
}
