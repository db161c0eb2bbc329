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
 * {@code canvass.zone}) and the follow-up thresholds ({@code canvass.flags.*}, the same
 * {@link Branch} settings the query side's reconciliation flags use), on the injected clock.
 */
@Component
public class BranchCalendar {

    private final Clock clock;
    private final ZoneId zone;
    private final int balanceOverdueDays;
    private final int depositIdleDays;
    private final Duration syncGrace;

    @Autowired
    public BranchCalendar(Clock clock, Branch branch) {
        this(clock, branch.zone(), branch.flags().balanceOverdueDays(), branch.flags().depositIdleDays(),
                branch.flags().syncGrace());
    }

    /** The branch as a test sets it up. */
    public BranchCalendar(Clock clock, ZoneId zone, int balanceOverdueDays, int depositIdleDays, Duration syncGrace) {
        this.clock = clock;
        this.zone = zone;
        this.balanceOverdueDays = balanceOverdueDays;
        this.depositIdleDays = depositIdleDays;
        this.syncGrace = syncGrace;
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
}
