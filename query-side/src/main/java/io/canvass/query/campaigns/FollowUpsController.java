package io.canvass.query.campaigns;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.contract.BalanceBecameOverdue;
import io.canvass.events.contract.BalanceOverdueCleared;
import io.canvass.events.contract.ContractFollowUp;
import io.canvass.events.contract.DepositBecameIdle;
import io.canvass.events.contract.DepositIdleCleared;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.LedgerStore;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.engine.Freshness;
import io.canvass.query.engine.Reads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What needs a call on a day: the balances and deposits that deadlines flagged (recorded when they
 * fell due, not worked out when asked) and not cleared by the end of that day, and the campaigns
 * ending within a week behind their pace.
 */
@Tag(name = "Follow-ups", description = "Overdue balances and idle deposits recorded by their deadlines, and campaigns ending within 7 days behind pace. Roles MANAGER, FINANCE.")
@RestController
@RequestMapping("/api/follow-ups")
class FollowUpsController {

    static final int ENDING_WITHIN_DAYS = 7;

    private final MongoTemplate mongo;
    private final LedgerStore ledgers;
    private final Campaigns campaigns;
    private final CampaignProgress progress;
    private final Freshness freshness;
    private final CanvassSettings settings;
    private final Clock clock;

    FollowUpsController(MongoTemplate mongo, LedgerStore ledgers, Campaigns campaigns, CampaignProgress progress,
                        Freshness freshness, CanvassSettings settings, Clock clock) {
        this.mongo = mongo;
        this.ledgers = ledgers;
        this.campaigns = campaigns;
        this.progress = progress;
        this.freshness = freshness;
        this.settings = settings;
        this.clock = clock;
    }

    /** @param days days since the first installation */
    record OverdueBalance(String contractId, String salespersonId, Channel channel,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String campaignId, Money outstanding,
                          LocalDate overdueSince, long days) {
    }

    /** @param days days since the first deposit */
    record IdleDeposit(String contractId, String salespersonId, Channel channel,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String campaignId, Money depositCollected,
                       LocalDate idleSince, long days) {
    }

    record CampaignBehind(String campaignId, String name, Channel channel, LocalDate lastDay, long daysLeft,
                          int plannedToDate, int unitsSigned, int behindBy, List<String> salespeople) {
    }

    record FollowUps(Freshness.AsOf asOf, boolean stale, LocalDate date, List<OverdueBalance> overdueBalances,
                     List<IdleDeposit> idleDeposits, List<CampaignBehind> campaignsEndingBehind) {
    }

    @Operation(summary = "What needs a call on a day", description = "Balances overdue and deposits idle (DOMAIN.md's BALANCE_OVERDUE and DEPOSIT_IDLE, recorded by their deadlines when they fell due) and not cleared by the end of the day, with the amount as of the day, the salesperson and the days since the first installation or deposit; campaigns whose last day is within 7 days and whose units signed are behind their plan to date.")
    @GetMapping
    FollowUps followUps(@Parameter(description = "The local day (YYYY-MM-DD); today if absent")
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                        @Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
            @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite) {
        LocalDate day = date != null ? date : settings.localDate(clock.instant());
        Reads reads = Reads.of(Reads.CONTRACTS, Reads.CAMPAIGNS).inChannel(Reads.ANY).on(null, day);
        Freshness.Read read = freshness.await(reads, minPosition, afterWrite);
        Instant end = settings.endOf(day);

        Map<String, Instant> overdue = new HashMap<>();
        Map<String, Instant> idle = new HashMap<>();
        for (Document document : mongo.getCollection(CampaignProjection.FOLLOW_UPS).find()) {
            String contractId = document.getString("_id");
            Instant overdueAt = null;
            Instant idleAt = null;
            for (ContractFollowUp event : CampaignProjection.events(document, ContractFollowUp.class)) {
                if (!event.occurredAt().isBefore(end)) {
                    continue;
                }
                if (event instanceof BalanceBecameOverdue) {
                    overdueAt = event.occurredAt();
                } else if (event instanceof BalanceOverdueCleared) {
                    overdueAt = null;
                } else if (event instanceof DepositBecameIdle) {
                    idleAt = event.occurredAt();
                } else if (event instanceof DepositIdleCleared) {
                    idleAt = null;
                }
            }
            if (overdueAt != null) {
                overdue.put(contractId, overdueAt);
            }
            if (idleAt != null) {
                idle.put(contractId, idleAt);
            }
        }
        List<String> flagged = new ArrayList<>(overdue.keySet());
        flagged.addAll(idle.keySet());
        Map<String, ContractLedger> contracts = ledgers.findAll(flagged);

        List<OverdueBalance> overdueBalances = new ArrayList<>();
        overdue.forEach((contractId, since) -> {
            ContractLedger ledger = contracts.get(contractId);
            if (ledger != null) {
                ContractLedger.Figures figures = ledger.onFieldTime(end);
                overdueBalances.add(new OverdueBalance(contractId, ledger.salespersonId(), ledger.channel(),
                        ledger.campaignId(), figures.outstanding(), settings.localDate(since),
                        daysSince(figures.firstInstalledAt(), day)));
            }
        });
        overdueBalances.sort(Comparator.comparingLong(OverdueBalance::days).reversed()
                .thenComparing(OverdueBalance::contractId));
        List<IdleDeposit> idleDeposits = new ArrayList<>();
        idle.forEach((contractId, since) -> {
            ContractLedger ledger = contracts.get(contractId);
            if (ledger != null) {
                ContractLedger.Figures figures = ledger.onFieldTime(end);
                idleDeposits.add(new IdleDeposit(contractId, ledger.salespersonId(), ledger.channel(),
                        ledger.campaignId(), figures.depositCollected(), settings.localDate(since),
                        daysSince(figures.firstDepositAt(), day)));
            }
        });
        idleDeposits.sort(Comparator.comparingLong(IdleDeposit::days).reversed().thenComparing(IdleDeposit::contractId));

        List<CampaignBehind> behind = new ArrayList<>();
        for (Campaigns.Campaign campaign : campaigns.all()) {
            LocalDate lastDay = campaign.plan().lastDay();
            if (day.isBefore(campaign.plan().startDate()) || lastDay.isBefore(day)
                    || lastDay.isAfter(day.plusDays(ENDING_WITHIN_DAYS))) {
                continue;
            }
            CampaignProgress.Progress figures = progress.of(campaign, day);
            if (figures.unitsSigned() < figures.planToDate().units()) {
                behind.add(new CampaignBehind(campaign.id(), figures.name(), figures.channel(), lastDay,
                        ChronoUnit.DAYS.between(day, lastDay), figures.planToDate().units(), figures.unitsSigned(),
                        figures.planToDate().units() - figures.unitsSigned(), figures.salespeople()));
            }
        }
        return new FollowUps(read.asOf(), read.stale(), day, overdueBalances, idleDeposits, behind);
    }

    private long daysSince(Instant since, LocalDate day) {
        return since == null ? 0 : ChronoUnit.DAYS.between(settings.localDate(since), day);
    }
}
