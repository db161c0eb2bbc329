package io.canvass.command.campaign;

import io.canvass.command.campaign.CampaignCommands.AssignSalesperson;
import io.canvass.command.campaign.CampaignCommands.ChangeDailyTarget;
import io.canvass.command.campaign.CampaignCommands.CloseCampaign;
import io.canvass.command.campaign.CampaignCommands.PlanCampaign;
import io.canvass.command.campaign.CampaignCommands.ReleaseSalesperson;
import io.canvass.command.platform.BranchCalendar;
import io.canvass.command.platform.CommandSender;
import io.canvass.command.platform.FieldTime;
import io.canvass.command.platform.Written;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.campaign.CampaignId;
import io.canvass.platform.web.Ids;
import io.canvass.platform.web.InvalidField;
import io.canvass.platform.web.TimeWindow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Campaigns of the channel plan: planned, staffed, retargeted and closed by the branch's managers. */
@Tag(name = "Campaigns", description = "The channel plan's campaigns as data: dates, salespeople, daily target, net profit per unit. Roles MANAGER and ADMIN.")
@RestController
@RequestMapping("/api/campaigns")
class CampaignController {

    private static final String MONEY = "must be yuan with at most two decimals";
    /** How far ahead a campaign may be planned. */
    static final int YEARS_AHEAD = 5;

    private final CommandSender sender;
    private final FieldTime fieldTime;
    private final BranchCalendar calendar;
    private final TimeWindow window;

    CampaignController(CommandSender sender, FieldTime fieldTime, BranchCalendar calendar, TimeWindow window) {
        this.sender = sender;
        this.fieldTime = fieldTime;
        this.calendar = calendar;
        this.window = window;
    }

    @Schema(example = "{\"campaignId\":\"hair-2026q2\",\"name\":\"Hair salons, spring 2026\",\"channel\":\"HAIR_SALON\",\"startDate\":\"2026-03-02\",\"endDate\":\"2026-05-30\",\"dailyTarget\":2,\"netProfitPerUnit\":\"460.00\",\"salespeople\":[\"sales1\",\"sales2\",\"sales3\"]}")
    record PlanCampaignRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String campaignId,
            @NotBlank @Size(max = 200) String name,
            @NotNull Channel channel,
            @NotNull LocalDate startDate,
            @NotNull LocalDate endDate,
            @NotNull @Min(1) @Max(100) Integer dailyTarget,
            @NotNull @DecimalMin(value = "0.00", inclusive = false) @Digits(integer = 10, fraction = 2, message = MONEY)
            @Schema(type = "string", pattern = "^[0-9]{1,13}(\\.[0-9]{1,2})?$", example = "460.00", description = "yuan with at most two decimals, as a JSON string") BigDecimal netProfitPerUnit,
            @NotEmpty @Size(max = 100) List<@NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String> salespeople) {
    }

    @Schema(example = "{\"salespersonId\":\"sales4\",\"from\":\"2026-12-01\"}")
    record AssignmentRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String salespersonId,
            @NotNull LocalDate from) {
    }

    @Schema(example = "{\"from\":\"2026-12-01\"}")
    record ReleaseRequest(@NotNull LocalDate from) {
    }

    @Schema(example = "{\"dailyTarget\":3,\"from\":\"2026-12-01\",\"reason\":\"the team is up to speed\"}")
    record TargetRequest(@NotNull @Min(1) @Max(100) Integer dailyTarget, @NotNull LocalDate from,
                         @NotBlank @Size(max = 500) String reason) {
    }

    @Schema(example = "{\"reason\":\"the channel is saturated\",\"occurredAt\":\"2026-12-01T09:00:00Z\"}")
    record ClosureRequest(@NotBlank @Size(max = 500) String reason, @NotNull Instant occurredAt) {
    }

    @Operation(summary = "Plan a campaign", description = "A channel worked from startDate to endDate (the branch's local days, both included) by the salespeople named, each to sign dailyTarget units a day; planned units = salespeople x target x days (3 x 2 x 90 = 540), planned net profit = units x netProfitPerUnit (248,400.00). A campaign of channel OTHER covers every channel after the photo studios. Refused (409): dates out of order, a salesperson already on a campaign of an overlapping channel on one of its days. It ends by itself when its last day is over (CampaignEnded). Roles MANAGER and ADMIN.")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Written planCampaign(@Valid @RequestBody PlanCampaignRequest request) {
        CampaignId id = new CampaignId(request.campaignId());
        List<UserId> salespeople = request.salespeople().stream().map(UserId::new).toList();
        return sender.send(id, new PlanCampaign(id, request.name().strip(), request.channel(),
                date("startDate", request.startDate()), date("endDate", request.endDate()), request.dailyTarget(),
                new Money(request.netProfitPerUnit()), salespeople, calendar.today(), recordedAt()));
    }

    @Operation(summary = "Put a salesperson on a campaign", description = "From a local day on (today or later, within the campaign) until released or the campaign's last day (SalespersonAssigned). Refused (409) if they already work a campaign of an overlapping channel on one of those days, or the campaign is closed or ended. Roles MANAGER and ADMIN.")
    @PostMapping("/{campaignId}/salespeople")
    @ResponseStatus(HttpStatus.CREATED)
    Written assignSalesperson(@PathVariable String campaignId, @Valid @RequestBody AssignmentRequest request) {
        CampaignId id = campaign(campaignId);
        return sender.send(id, new AssignSalesperson(id.streamId(), new UserId(request.salespersonId()),
                date("from", request.from()), calendar.today(), recordedAt()));
    }

    @Operation(summary = "Take a salesperson off a campaign", description = "From a local day on (today or later): their first day off it (SalespersonReleased). Roles MANAGER and ADMIN.")
    @PostMapping("/{campaignId}/salespeople/{salespersonId}/release")
    @ResponseStatus(HttpStatus.CREATED)
    Written releaseSalesperson(@PathVariable String campaignId, @PathVariable String salespersonId,
                    @Valid @RequestBody ReleaseRequest request) {
        CampaignId id = campaign(campaignId);
        Ids.check("salespersonId", salespersonId);
        return sender.send(id, new ReleaseSalesperson(id.streamId(), new UserId(salespersonId),
                date("from", request.from()), calendar.today(), recordedAt()));
    }

    @Operation(summary = "Change the daily target", description = "From a local day on, never back (DailyTargetChanged): a day's quota keeps the target that stood for it. Refused (409) for a day before today, outside the campaign, or on a closed or ended campaign. Roles MANAGER and ADMIN.")
    @PostMapping("/{campaignId}/targets")
    @ResponseStatus(HttpStatus.CREATED)
    Written changeDailyTarget(@PathVariable String campaignId, @Valid @RequestBody TargetRequest request) {
        CampaignId id = campaign(campaignId);
        String reason = request.reason().strip();
        return sender.send(id, new ChangeDailyTarget(id.streamId(), request.dailyTarget(), date("from", request.from()),
                reason, calendar.today(), recordedAt()), reason);
    }

    @Operation(summary = "Close a campaign early", description = "The local day of occurredAt (today or later) is its last working day (CampaignClosed); it ends when that day is over. Roles MANAGER and ADMIN.")
    @PostMapping("/{campaignId}/closure")
    @ResponseStatus(HttpStatus.CREATED)
    Written closeCampaign(@PathVariable String campaignId, @Valid @RequestBody ClosureRequest request) {
        CampaignId id = campaign(campaignId);
        String reason = request.reason().strip();
        Instant occurredAt = fieldTime.check(request.occurredAt());
        return sender.send(id, new CloseCampaign(id.streamId(), reason, occurredAt, calendar.localDate(occurredAt),
                calendar.today()), reason);
    }

    private static CampaignId campaign(String campaignId) {
        Ids.check("campaignId", campaignId);
        return new CampaignId(campaignId);
    }

    /** A date every reader can handle: from the field-time window's first day to a few years ahead. */
    private LocalDate date(String field, LocalDate date) {
        LocalDate last = calendar.today().plusYears(YEARS_AHEAD);
        if (date.isBefore(window.firstDate()) || date.isAfter(last)) {
            throw new InvalidField(field, "must be from " + window.firstDate() + " to " + last);
        }
        return date;
    }

    private Instant recordedAt() {
        return calendar.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
