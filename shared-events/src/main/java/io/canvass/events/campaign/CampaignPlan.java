package io.canvass.events.campaign;

import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A campaign's plan as its events leave it: who works it on which local days, at which daily
 * target, until which last day. Both sides fold the same events into it (the command side to
 * check changes, the query side for targets and plan figures), so "planned" means one thing.
 *
 * @param stints    each salesperson's spells on the campaign, {@code until} exclusive (null: to the end)
 * @param targets   the daily target from each day on, in the order recorded (the first is the planned one)
 * @param closedOn  the last day of a campaign ended early, or null
 */
public record CampaignPlan(
        CampaignId campaignId,
        String name,
        Channel channel,
        LocalDate startDate,
        LocalDate endDate,
        Money netProfitPerUnit,
        List<Stint> stints,
        List<Target> targets,
        LocalDate closedOn,
        boolean ended) {

    public CampaignPlan {
        stints = List.copyOf(stints);
        targets = List.copyOf(targets);
    }

    /** A salesperson on the campaign from {@code from} until the day before {@code until} (null: its last day). */
    public record Stint(UserId salespersonId, LocalDate from, LocalDate until) {

        public boolean covers(LocalDate day) {
            return !day.isBefore(from) && (until == null || day.isBefore(until));
        }
    }

    /** The daily target from a day on. */
    public record Target(LocalDate from, int dailyTarget) {
    }

    public static CampaignPlan of(CampaignPlanned planned) {
        List<Stint> stints = planned.salespeople().stream()
                .map(salesperson -> new Stint(salesperson, planned.startDate(), null)).toList();
        return new CampaignPlan(planned.campaignId(), planned.name(), planned.channel(), planned.startDate(),
                planned.endDate(), planned.netProfitPerUnit(), stints,
                List.of(new Target(planned.startDate(), planned.dailyTarget())), null, false);
    }

    /** This plan after one more of its events. */
    public CampaignPlan with(CampaignEvent event) {
        if (event instanceof SalespersonAssigned e) {
            List<Stint> after = new ArrayList<>(stints);
            after.add(new Stint(e.salespersonId(), e.from(), null));
            return new CampaignPlan(campaignId, name, channel, startDate, endDate, netProfitPerUnit, after, targets,
                    closedOn, ended);
        }
        if (event instanceof SalespersonReleased e) {
            List<Stint> after = stints.stream()
                    .map(s -> s.salespersonId().equals(e.salespersonId()) && s.covers(e.from())
                            ? new Stint(s.salespersonId(), s.from(), e.from()) : s)
                    .toList();
            return new CampaignPlan(campaignId, name, channel, startDate, endDate, netProfitPerUnit, after, targets,
                    closedOn, ended);
        }
        if (event instanceof DailyTargetChanged e) {
            List<Target> after = new ArrayList<>(targets);
            after.add(new Target(e.from(), e.dailyTarget()));
            return new CampaignPlan(campaignId, name, channel, startDate, endDate, netProfitPerUnit, stints, after,
                    closedOn, ended);
        }
        if (event instanceof CampaignClosed e) {
            return new CampaignPlan(campaignId, name, channel, startDate, endDate, netProfitPerUnit, stints, targets,
                    e.lastDay(), ended);
        }
        if (event instanceof CampaignEnded) {
            return new CampaignPlan(campaignId, name, channel, startDate, endDate, netProfitPerUnit, stints, targets,
                    closedOn, true);
        }
        throw new IllegalArgumentException("campaign " + campaignId + " is already planned");
    }

    /** The last day worked: the end date, or the day it was closed. */
    public LocalDate lastDay() {
        return closedOn != null && closedOn.isBefore(endDate) ? closedOn : endDate;
    }

    /** Whether a day is one of the campaign's working days. */
    public boolean runsOn(LocalDate day) {
        return !day.isBefore(startDate) && !day.isAfter(lastDay());
    }

    /** The daily target of a day: the latest change recorded from that day or earlier. Empty outside the campaign. */
    public Optional<Integer> targetOn(LocalDate day) {
        if (!runsOn(day)) {
            return Optional.empty();
        }
        Integer target = null;
        LocalDate latestFrom = null;
        for (Target change : targets) {
            // of two changes from the same day, the later recorded wins; a change never reaches before its day
            if (!change.from().isAfter(day) && (latestFrom == null || !change.from().isBefore(latestFrom))) {
                target = change.dailyTarget();
                latestFrom = change.from();
            }
        }
        return Optional.ofNullable(target);
    }

    /** Whether the salesperson works the campaign on the day. */
    public boolean works(UserId salespersonId, LocalDate day) {
        return runsOn(day) && stints.stream().anyMatch(s -> s.salespersonId().equals(salespersonId) && s.covers(day));
    }

    /** Everyone who works the campaign on the day. */
    public List<UserId> workingOn(LocalDate day) {
        return runsOn(day) ? stints.stream().filter(s -> s.covers(day)).map(Stint::salespersonId).distinct().toList()
                : List.of();
    }

    /** Salesperson-days and planned units over the days from..to (both included) that the campaign runs. */
    public Planned planned(LocalDate from, LocalDate to) {
        LocalDate first = from.isBefore(startDate) ? startDate : from;
        LocalDate last = to.isAfter(lastDay()) ? lastDay() : to;
        int days = 0;
        int units = 0;
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            int people = workingOn(day).size();
            days += people;
            units += people * targetOn(day).orElse(0);
        }
        return new Planned(days, units, netProfitPerUnit.times(units));
    }

    /** Over the whole campaign. */
    public Planned planned() {
        return planned(startDate, lastDay());
    }

    /** Planned salesperson-days, units and net profit (units x net profit per unit). */
    public record Planned(int salespersonDays, int units, Money netProfit) {
    }
}
