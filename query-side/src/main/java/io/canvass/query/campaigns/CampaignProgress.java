package io.canvass.query.campaigns;

import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.campaign.CampaignEnded;
import io.canvass.events.campaign.CampaignPlan;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.Fact;
import io.canvass.query.ledger.LedgerStore;
import io.canvass.query.platform.CanvassSettings;
import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A campaign against its plan as of a local day, on field time (docs/domain.md#field-time-and-recorded-time): its
 * live contracts and their units, installations and their net profit (at the rate in force on
 * the installation's day, as the profit dashboard counts it), money collected and outstanding, each
 * salesperson's days against the target that stood for each day, and where the current pace ends.
 */
@Component
public class CampaignProgress {

    private final LedgerStore ledgers;
    private final CanvassSettings settings;

    public CampaignProgress(LedgerStore ledgers, CanvassSettings settings) {
        this.ledgers = ledgers;
        this.settings = settings;
    }

    @Schema(name = "CampaignPlanFigures")
    public record Planned(int salespersonDays, int units, Money netProfit) {
        static Planned of(CampaignPlan.Planned planned) {
            return new Planned(planned.salespersonDays(), planned.units(), planned.netProfit());
        }
    }

    public record SalespersonProgress(String salespersonId, int daysWorked, int unitsSigned, int target, int daysMet,
                                      int shortfall) {
    }

    /** Where the campaign ends if the units signed per salesperson-day so far go on. */
    public record Forecast(int units, Money netProfit) {
    }

    /** What its end recorded: the plan as it finally stood. */
    public record Ended(LocalDate lastDay, int salespersonDays, int plannedUnits, Money plannedNetProfit,
                        Instant endedAt) {
        static Ended of(CampaignEnded event) {
            return event == null ? null : new Ended(event.lastDay(), event.salespersonDays(), event.plannedUnits(),
                    event.plannedNetProfit(), event.occurredAt());
        }
    }

    public enum Status { PLANNED, RUNNING, ENDED }

    @Schema(name = "CampaignProgress")
    public record Progress(String campaignId, String name, Channel channel, LocalDate startDate, LocalDate endDate,
                           @JsonInclude(JsonInclude.Include.NON_NULL) LocalDate closedOn, LocalDate lastDay,
                           LocalDate asOf, Status status, int dailyTarget, Money netProfitPerUnit,
                           List<String> salespeople, Planned plan, Planned planToDate, int contracts, int unitsSigned,
                           int unitsInstalled, Money netProfit, Money collected, Money outstanding, Forecast forecast,
                           List<SalespersonProgress> bySalesperson,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Ended ended) {
    }

    public Progress of(Campaigns.Campaign campaign, LocalDate asOf) {
        CampaignPlan plan = campaign.plan();
        Instant end = settings.endOf(asOf);
        LocalDate lastCounted = asOf.isBefore(plan.lastDay()) ? asOf : plan.lastDay();

        int contracts = 0;
        int unitsSigned = 0;
        int unitsInstalled = 0;
        Money netProfit = Money.ZERO;
        Money collected = Money.ZERO;
        Money outstanding = Money.ZERO;
        Map<String, Integer> unitsByDay = new HashMap<>();
        for (ContractLedger ledger : ledgers.ofCampaign(campaign.id())) {
            if (!ledger.signing().occurredAt().isBefore(end)) {
                continue;
            }
            ContractLedger.Figures figures = ledger.onFieldTime(end);
            collected = collected.plus(figures.collected());
            if (!figures.live()) {
                continue;
            }
            contracts++;
            unitsSigned += ledger.units();
            unitsInstalled += figures.unitsInstalled();
            outstanding = outstanding.plus(figures.outstanding());
            for (Fact fact : ledger.facts()) {
                if (fact.kind() == Fact.Kind.INSTALLATION && fact.occurredAt().isBefore(end)) {
                    LocalDate day = settings.localDate(fact.occurredAt());
                    netProfit = netProfit.plus(settings.profit().perUnit(ledger.channel(), day).times(fact.units()));
                }
            }
            unitsByDay.merge(ledger.salespersonId() + "|" + settings.localDate(ledger.signing().occurredAt()),
                    ledger.units(), Integer::sum);
        }

        Set<String> salespeople = new LinkedHashSet<>();
        plan.stints().forEach(stint -> salespeople.add(stint.salespersonId().value()));
        List<SalespersonProgress> bySalesperson = new ArrayList<>();
        for (String salesperson : salespeople) {
            UserId id = new UserId(salesperson);
            int days = 0;
            int units = 0;
            int target = 0;
            int met = 0;
            int shortfall = 0;
            for (LocalDate day = plan.startDate(); !day.isAfter(lastCounted); day = day.plusDays(1)) {
                if (!plan.works(id, day)) {
                    continue;
                }
                int dayTarget = plan.targetOn(day).orElse(0);
                int dayUnits = unitsByDay.getOrDefault(salesperson + "|" + day, 0);
                days++;
                units += dayUnits;
                target += dayTarget;
                met += dayUnits >= dayTarget ? 1 : 0;
                shortfall += Math.max(0, dayTarget - dayUnits);
            }
            bySalesperson.add(new SalespersonProgress(salesperson, days, units, target, met, shortfall));
        }

        CampaignPlan.Planned whole = plan.planned();
        CampaignPlan.Planned toDate = lastCounted.isBefore(plan.startDate())
                ? new CampaignPlan.Planned(0, 0, Money.ZERO) : plan.planned(plan.startDate(), lastCounted);
        int forecastUnits = toDate.salespersonDays() == 0 ? 0
                : (int) ((unitsSigned * (long) whole.salespersonDays() + toDate.salespersonDays() / 2)
                / toDate.salespersonDays());
        Status status = asOf.isBefore(plan.startDate()) ? Status.PLANNED
                : asOf.isAfter(plan.lastDay()) ? Status.ENDED : Status.RUNNING;
        List<String> working = plan.workingOn(lastCounted.isBefore(plan.startDate()) ? plan.startDate() : lastCounted)
                .stream().map(UserId::value).toList();
        int target = plan.targetOn(lastCounted.isBefore(plan.startDate()) ? plan.startDate() : lastCounted).orElse(0);
        return new Progress(campaign.id(), plan.name(), plan.channel(), plan.startDate(), plan.endDate(),
                plan.closedOn(), plan.lastDay(), asOf, status, target, plan.netProfitPerUnit(), working,
                Planned.of(whole), Planned.of(toDate), contracts, unitsSigned, unitsInstalled, netProfit, collected,
                outstanding, new Forecast(forecastUnits, plan.netProfitPerUnit().times(forecastUnits)), bySalesperson,
                asOf.isBefore(plan.lastDay()) ? null : Ended.of(campaign.ended()));
    }
}
