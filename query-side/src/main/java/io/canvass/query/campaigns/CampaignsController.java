package io.canvass.query.campaigns;

import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.engine.Freshness;
import io.canvass.query.engine.Reads;
import io.canvass.platform.web.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** The campaigns against their plans. */
@Tag(name = "Campaigns", description = "Each campaign's plan, plan to date (pace), contracts, units signed and installed, net profit, money collected and outstanding, each salesperson's days against the target, and a forecast at the current pace. Roles MANAGER, FINANCE.")
@RestController
@RequestMapping("/api/campaigns")
class CampaignsController {

    private final Campaigns campaigns;
    private final CampaignProgress progress;
    private final Freshness freshness;
    private final CanvassSettings settings;
    private final Clock clock;

    CampaignsController(Campaigns campaigns, CampaignProgress progress, Freshness freshness, CanvassSettings settings,
                        Clock clock) {
        this.campaigns = campaigns;
        this.progress = progress;
        this.freshness = freshness;
        this.settings = settings;
        this.clock = clock;
    }

    record CampaignList(Freshness.AsOf asOf, boolean stale, LocalDate date, List<CampaignProgress.Progress> campaigns) {
    }

    record Campaign(Freshness.AsOf asOf, boolean stale, CampaignProgress.Progress campaign) {
    }

    @Operation(summary = "Every campaign as of a day", description = "Each campaign's progress as of the local day (today if absent), in id order.")
    @GetMapping
    CampaignList campaigns(@Parameter(description = "The local day the figures are as of (YYYY-MM-DD, on field time); today if absent")
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                     @Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
            @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite) {
        LocalDate date = asOf != null ? asOf : settings.localDate(clock.instant());
        Reads reads = Reads.of(Reads.CAMPAIGNS, Reads.CONTRACTS).inCampaign(Reads.ANY).on(null, date);
        Freshness.Read read = freshness.await(reads, minPosition, afterWrite);
        return new CampaignList(read.asOf(), read.stale(), date,
                campaigns.all().stream().map(campaign -> progress.of(campaign, date)).toList());
    }

    @Operation(summary = "One campaign as of a day", description = "Plan (salesperson-days x the target that stood each day; units x net profit per unit), plan to date, live contracts and units signed for it by the day, units installed and their net profit (at the rate in force on each installation's day), collected and outstanding, each salesperson's days worked, met and shortfall, a forecast at the end at the current pace, and, once recorded, what its end recorded.")
    @GetMapping("/{campaignId}")
    Campaign campaign(@PathVariable String campaignId,
                 @Parameter(description = "The local day the figures are as of (YYYY-MM-DD, on field time); today if absent")
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                 @Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
            @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite) {
        LocalDate date = asOf != null ? asOf : settings.localDate(clock.instant());
        Reads reads = Reads.of(Reads.CAMPAIGNS, Reads.CONTRACTS).inCampaign(campaignId).on(null, date);
        Freshness.Read read = freshness.await(reads, minPosition, afterWrite);
        Campaigns.Campaign campaign = campaigns.find(campaignId)
                .orElseThrow(() -> new NotFound("no campaign " + campaignId + " is planned"));
        return new Campaign(read.asOf(), read.stale(), progress.of(campaign, date));
    }
}
