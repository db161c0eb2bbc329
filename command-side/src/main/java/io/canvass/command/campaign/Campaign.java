package io.canvass.command.campaign;

import io.canvass.command.campaign.CampaignCommands.AssignSalesperson;
import io.canvass.command.campaign.CampaignCommands.ChangeDailyTarget;
import io.canvass.command.campaign.CampaignCommands.CloseCampaign;
import io.canvass.command.campaign.CampaignCommands.PlanCampaign;
import io.canvass.command.campaign.CampaignCommands.ReleaseSalesperson;
import io.canvass.command.platform.BranchCalendar;
import io.canvass.command.platform.RuleViolation;
import io.canvass.events.UserId;
import io.canvass.events.campaign.CampaignClosed;
import io.canvass.events.campaign.CampaignEnded;
import io.canvass.events.campaign.CampaignId;
import io.canvass.events.campaign.CampaignPlan;
import io.canvass.events.campaign.CampaignPlanned;
import io.canvass.events.campaign.DailyTargetChanged;
import io.canvass.events.campaign.SalespersonAssigned;
import io.canvass.events.campaign.SalespersonReleased;
import io.canvass.platform.axon.EventMetadata;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A campaign of the channel plan: its dates, staffing and daily target, changed only forward in
 * time, and its end, recorded by a deadline when its last day is over. The rule that spans
 * campaigns (no salesperson on two campaigns of one channel on a day) is {@link CampaignStaffing}'s,
 * checked in the same transaction.
 */
@Aggregate(repository = "campaignRepository")
public class Campaign {

    static final String END = "campaign-end";
    /** A campaign is planned for at most a year (the plan's campaigns are three months). */
    static final int MAX_DAYS = 366;

    @AggregateIdentifier
    private String streamId;
    private CampaignId campaignId;
    private CampaignPlanned planned;
    private CampaignPlan plan;
    private long lastSequence;
    private CampaignClosed closed;
    private long closedAt;
    /** Each change by what identifies a retry of it, with its sequence number. */
    private final Map<Object, Long> changes = new HashMap<>();

    protected Campaign() {
        // for Axon
    }

    /**
     * Plans the campaign, or answers a retry (the same terms) as the first; other terms under the
     * same id are refused. Its staffing is checked against every other campaign's first.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public long handle(PlanCampaign command, CampaignStaffing staffing, DeadlineManager deadlines,
                       BranchCalendar calendar) {
        if (planned != null) {
            CampaignPlanned again = new CampaignPlanned(command.campaignId(), command.name(), command.channel(),
                    command.startDate(), command.endDate(), command.dailyTarget(), command.netProfitPerUnit(),
                    command.salespeople(), planned.occurredAt());
            if (!again.equals(planned)) {
                throw new RuleViolation("campaign " + campaignId + " is already planned with other terms");
            }
            return 0;
        }
        if (command.endDate().isBefore(command.startDate())) {
            throw new RuleViolation("dates out of order: endDate " + command.endDate() + " is before startDate "
                    + command.startDate());
        }
        if (command.startDate().plusDays(MAX_DAYS).isBefore(command.endDate().plusDays(1))) {
            throw new RuleViolation("a campaign runs at most " + MAX_DAYS + " days");
        }
        if (command.dailyTarget() < 1) {
            throw new RuleViolation("the daily target is at least 1 unit");
        }
        if (!command.netProfitPerUnit().isPositive()) {
            throw new RuleViolation("the net profit per unit must be positive");
        }
        Set<UserId> distinct = new HashSet<>(command.salespeople());
        if (command.salespeople().isEmpty() || distinct.size() != command.salespeople().size()) {
            throw new RuleViolation("a campaign names at least one salesperson, each once");
        }
        for (UserId salesperson : command.salespeople()) {
            staffing.claim(command.campaignId(), command.channel(), salesperson, command.startDate(), command.endDate());
        }
        apply(new CampaignPlanned(command.campaignId(), command.name(), command.channel(), command.startDate(),
                command.endDate(), command.dailyTarget(), command.netProfitPerUnit(), command.salespeople(),
                command.recordedAt()));
        deadlines.schedule(calendar.startOf(command.endDate().plusDays(1)), END, "planned end " + command.endDate());
        return lastSequence;
    }

    @CommandHandler
    public long handle(AssignSalesperson command, CampaignStaffing staffing) {
        Object key = List.of("assign", command.salespersonId(), command.from());
        if (changes.containsKey(key) && plan.works(command.salespersonId(), command.from())) {
            return changes.get(key);
        }
        requireOpen(command.today());
        requireForward(command.from(), command.today(), "an assignment");
        requireWithin(command.from(), "an assignment");
        if (plan.works(command.salespersonId(), command.from())) {
            throw new RuleViolation("salesperson " + command.salespersonId() + " already works campaign " + campaignId
                    + " on " + command.from());
        }
        staffing.claim(campaignId, plan.channel(), command.salespersonId(), command.from(), plan.lastDay());
        apply(new SalespersonAssigned(campaignId, command.salespersonId(), command.from(), command.recordedAt()));
        changes.put(key, lastSequence);
        return lastSequence;
    }

    @CommandHandler
    public long handle(ReleaseSalesperson command, CampaignStaffing staffing) {
        Object key = List.of("release", command.salespersonId(), command.from());
        if (changes.containsKey(key)) {
            return changes.get(key);
        }
        requireOpen(command.today());
        requireForward(command.from(), command.today(), "a release");
        requireWithin(command.from(), "a release");
        if (!plan.works(command.salespersonId(), command.from())) {
            throw new RuleViolation("salesperson " + command.salespersonId() + " does not work campaign " + campaignId
                    + " on " + command.from());
        }
        staffing.release(campaignId, command.salespersonId(), command.from());
        apply(new SalespersonReleased(campaignId, command.salespersonId(), command.from(), command.recordedAt()));
        changes.put(key, lastSequence);
        return lastSequence;
    }

    @CommandHandler
    public long handle(ChangeDailyTarget command) {
        Object key = List.of("target", command.dailyTarget(), command.from(), command.reason());
        if (changes.containsKey(key)) {
            return changes.get(key);
        }
        requireOpen(command.today());
        requireForward(command.from(), command.today(), "a target change");
        requireWithin(command.from(), "a target change");
        if (command.dailyTarget() < 1) {
            throw new RuleViolation("the daily target is at least 1 unit");
        }
        apply(new DailyTargetChanged(campaignId, command.dailyTarget(), command.from(), command.reason(),
                command.recordedAt()));
        changes.put(key, lastSequence);
        return lastSequence;
    }

    @CommandHandler
    public long handle(CloseCampaign command, CampaignStaffing staffing, DeadlineManager deadlines,
                       BranchCalendar calendar) {
        if (closed != null && closed.reason().equals(command.reason()) && closed.occurredAt().equals(command.occurredAt())) {
            return closedAt;
        }
        requireOpen(command.today());
        if (command.lastDay().isBefore(command.today())) {
            throw new RuleViolation("a closure does not reach back: its day " + command.lastDay()
                    + " is before today, " + command.today());
        }
        staffing.close(campaignId, command.lastDay());
        apply(new CampaignClosed(campaignId, command.reason(), command.lastDay(), command.occurredAt()));
        // the end moves to the end of the closure's day; the deadline of the planned end finds it ended
        deadlines.schedule(calendar.startOf(command.lastDay().plusDays(1)), END, "closed on " + command.lastDay());
        return lastSequence;
    }

    /**
     * The last day is over: records the plan as it finally stood, once
     * (a closure leaves two deadlines; the second, or a second firing, finds it ended). The payload
     * only says which end it was scheduled for: the aggregate knows its last day.
     */
    @DeadlineHandler(deadlineName = END)
    void end(String why, BranchCalendar calendar) {
        if (plan.ended()) {
            return;
        }
        CampaignPlan.Planned figures = plan.planned();
        apply(new CampaignEnded(campaignId, plan.lastDay(), figures.salespersonDays(), figures.units(),
                        figures.netProfit(), calendar.startOf(plan.lastDay().plusDays(1))),
                MetaData.from(EventMetadata.bySystem("the campaign's last day, " + plan.lastDay() + ", is over")));
    }

    private void requireOpen(LocalDate today) {
        if (closed != null) {
            throw new RuleViolation("campaign " + campaignId + " was closed on " + closed.lastDay()
                    + " and takes no further changes");
        }
        if (plan.ended() || today.isAfter(plan.lastDay())) {
            throw new RuleViolation("campaign " + campaignId + " ended on " + plan.lastDay()
                    + " and takes no further changes");
        }
    }

    private static void requireForward(LocalDate from, LocalDate today, String what) {
        if (from.isBefore(today)) {
            throw new RuleViolation(what + " applies from today on, never back: from " + from
                    + " is before today, " + today);
        }
    }

    private void requireWithin(LocalDate from, String what) {
        if (from.isBefore(plan.startDate()) || from.isAfter(plan.lastDay())) {
            throw new RuleViolation("dates out of order: " + what + " from " + from + " is outside the campaign, "
                    + plan.startDate() + " to " + plan.lastDay());
        }
    }

    @EventSourcingHandler
    void on(CampaignPlanned event, @SequenceNumber long sequence) {
        campaignId = event.campaignId();
        streamId = campaignId.streamId();
        planned = event;
        plan = CampaignPlan.of(event);
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(SalespersonAssigned event, @SequenceNumber long sequence) {
        plan = plan.with(event);
        changes.put(List.of("assign", event.salespersonId(), event.from()), sequence);
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(SalespersonReleased event, @SequenceNumber long sequence) {
        plan = plan.with(event);
        changes.put(List.of("release", event.salespersonId(), event.from()), sequence);
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(DailyTargetChanged event, @SequenceNumber long sequence) {
        plan = plan.with(event);
        changes.put(List.of("target", event.dailyTarget(), event.from(), event.reason()), sequence);
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(CampaignClosed event, @SequenceNumber long sequence) {
        plan = plan.with(event);
        closed = event;
        closedAt = sequence;
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(CampaignEnded event, @SequenceNumber long sequence) {
        plan = plan.with(event);
        lastSequence = sequence;
    }
}
