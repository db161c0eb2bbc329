package io.canvass.command.period;

import io.canvass.command.period.PeriodCommands.CloseMonth;
import io.canvass.command.period.PeriodCommands.ReopenMonth;
import io.canvass.command.platform.BranchCalendar;
import io.canvass.command.platform.CommandSender;
import io.canvass.command.platform.Written;
import io.canvass.events.period.PeriodId;
import io.canvass.platform.web.TimeWindow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;

/** Finance closes and reopens a local month (docs/finance.md, "Closing a month"). */
@Tag(name = "Finance", description = "Statements of the bank, WeChat Pay, Alipay and the cash deposit slips. Role FINANCE.")
@RestController
@RequestMapping("/api/finance/periods")
class PeriodController {

    private final CommandSender sender;
    private final BranchCalendar calendar;
    private final TimeWindow window;

    PeriodController(CommandSender sender, BranchCalendar calendar, TimeWindow window) {
        this.sender = sender;
        this.calendar = calendar;
        this.window = window;
    }

    @Schema(example = "{\"reason\":\"March reported to head office\"}")
    record Why(@NotBlank @Size(max = 500) String reason) {
    }

    @Operation(summary = "Close a month", description = "Records MonthClosed with the event store's position it was"
            + " made at: the month's statement (GET /api/finance/periods/{month} on the query side) is worked out from"
            + " the events up to it and never changes; field work for the month stored later is listed as adjustments"
            + " after close. The month must be over in the branch's time zone, else 409. A closed month is 409,"
            + " except the same close again (same reason), which answers the first. Role FINANCE.")
    @PostMapping("/{month}/close")
    Written close(@Parameter(description = "The local month, such as 2026-03") @PathVariable String month,
                  @Valid @RequestBody Why request) {
        YearMonth closing = window.month("month", month);
        PeriodId id = PeriodId.of(closing);
        String reason = request.reason().strip();
        Instant end = calendar.startOf(closing.plusMonths(1).atDay(1));
        return sender.send(id, new CloseMonth(id, reason, end, recordedAt()), reason);
    }

    @Operation(summary = "Reopen a closed month", description = "Records MonthReopened with the reason and who;"
            + " earlier closes stay listed, and a new close records a new statement. A month that is not closed is"
            + " 409, except the same reopening again (same reason), which answers the first. Role FINANCE.")
    @PostMapping("/{month}/reopen")
    Written reopen(@Parameter(description = "The local month, such as 2026-03") @PathVariable String month,
                   @Valid @RequestBody Why request) {
        PeriodId id = PeriodId.of(window.month("month", month));
        String reason = request.reason().strip();
        return sender.send(id, new ReopenMonth(id, reason, recordedAt()), reason);
    }

    private Instant recordedAt() {
        return calendar.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
