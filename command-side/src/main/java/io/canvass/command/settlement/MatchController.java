package io.canvass.command.settlement;

import io.canvass.command.platform.BranchCalendar;
import io.canvass.command.platform.CommandSender;
import io.canvass.command.platform.Written;
import io.canvass.command.settlement.MatchCommands.MatchPayments;
import io.canvass.command.settlement.MatchCommands.Matched;
import io.canvass.command.settlement.MatchCommands.Ran;
import io.canvass.command.settlement.MatchCommands.RunMatching;
import io.canvass.command.settlement.MatchCommands.UndoMatch;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.events.settlement.MatchedPayment;
import io.canvass.events.settlement.StatementId;
import io.canvass.events.settlement.StatementLineId;
import io.canvass.events.settlement.StatementSource;
import io.canvass.platform.web.Ids;
import io.canvass.platform.web.InvalidField;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Finance matches payments to statement lines, and undoes matches (docs/finance.md, "Matching"). */
@Tag(name = "Finance", description = "Statements of the bank, WeChat Pay, Alipay and the cash deposit slips. Role FINANCE.")
@RestController
@RequestMapping("/api/finance")
class MatchController {

    /** A match id: the source, then M and its number in the source. */
    static final String MATCH_ID = "(BANK|WECHAT_PAY|ALIPAY|CASH_SLIP)-M[0-9]{1,9}";

    private final CommandSender sender;
    private final BranchCalendar calendar;

    MatchController(CommandSender sender, BranchCalendar calendar) {
        this.sender = sender;
        this.calendar = calendar;
    }

    /** A payment: a deposit or balance by its id, or ({@code kind} REFUND, no paymentId) the contract's refund. */
    record PaymentRef(@NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String contractId,
                      @Schema(description = "DEPOSIT, BALANCE or REFUND") @NotNull MatchedKind kind,
                      @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String paymentId) {
    }

    @Schema(example = "{\"source\":\"CASH_SLIP\",\"payments\":[{\"contractId\":\"c-1\",\"kind\":\"DEPOSIT\",\"paymentId\":\"pay-1\"},"
            + "{\"contractId\":\"c-2\",\"kind\":\"DEPOSIT\",\"paymentId\":\"pay-2\"}],\"lines\":[\"slip-0302\"],"
            + "\"reason\":\"the 2 March slip covers receipts R-1 and R-2\"}")
    record MatchRequest(@NotNull StatementSource source,
                        @NotEmpty @Size(max = 100) List<@NotNull @Valid PaymentRef> payments,
                        @NotEmpty @Size(max = 100) List<@NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String> lines,
                        @NotBlank @Size(max = 500) String reason) {
    }

    @Schema(example = "{\"reason\":\"the slip was for another day's receipts\"}")
    record UndoRequest(@NotBlank @Size(max = 500) String reason) {
    }

    record RunAnswer(StatementSource source, int matched, int proposed, long version, long position) {
    }

    @Operation(summary = "Match payments to statement lines", description = "Confirms a proposal (the same payments"
            + " and lines: how CONFIRMED) or matches by finance's own choice (MANUAL): several payments to one line (a"
            + " cash slip), one payment to several lines (PaymentsMatched, with the reason and who). Every line on the"
            + " source's statement and unmatched; every payment recorded, of a method the source shows (or a refund),"
            + " and unsettled; else 409 naming each. Amounts may differ (flagged AMOUNT_DIFFERS). The same request"
            + " again answers the same match. Answers the match id. Role FINANCE.")
    @PostMapping("/matches")
    @ResponseStatus(HttpStatus.CREATED)
    Written match(@Valid @RequestBody MatchRequest request) {
        List<MatchedPayment> payments = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < request.payments().size(); i++) {
            PaymentRef ref = request.payments().get(i);
            MatchedKind kind = ref.kind();
            if (kind == MatchedKind.REFUND && ref.paymentId() != null) {
                throw new InvalidField("payments[" + i + "].paymentId", "is not given for a refund (a contract has one)");
            }
            if (kind != MatchedKind.REFUND && ref.paymentId() == null) {
                throw new InvalidField("payments[" + i + "].paymentId", "is required for a deposit or balance");
            }
            MatchedPayment payment = new MatchedPayment(new ContractId(ref.contractId()), kind,
                    ref.paymentId() == null ? null : new PaymentId(ref.paymentId()), null);
            if (!keys.add(payment.key())) {
                throw new InvalidField("payments[" + i + "]", "is given more than once");
            }
            payments.add(payment);
        }
        if (new HashSet<>(request.lines()).size() != request.lines().size()) {
            throw new InvalidField("lines", "name each line once");
        }
        StatementId id = StatementId.of(request.source());
        String reason = request.reason().strip();
        Matched matched = sender.answer(new MatchPayments(id.streamId(), payments,
                request.lines().stream().map(StatementLineId::new).toList(), reason, recordedAt()), reason);
        return new Written(matched.matchId(), id.value(), matched.version(), sender.position(id, matched.version()));
    }

    @Operation(summary = "Undo a match", description = "Its payments and lines are unmatched again (MatchUndone, with"
            + " the reason and who), and the rules never make that pair again by themselves. The same request again"
            + " answers the same; another undo of an undone match is 409; an unknown match 404. Role FINANCE.")
    @PostMapping("/matches/{matchId}/undo")
    Written undo(@Parameter(description = "The match, such as BANK-M12") @PathVariable String matchId,
                 @Valid @RequestBody UndoRequest request) {
        if (!matchId.matches(MATCH_ID)) {
            throw new InvalidField("matchId", "must be a match id such as BANK-M12");
        }
        StatementId id = StatementId.of(StatementSource.valueOf(matchId.substring(0, matchId.lastIndexOf("-M"))));
        String reason = request.reason().strip();
        Matched undone = sender.answer(new UndoMatch(id.streamId(), matchId, reason, recordedAt()), reason);
        return new Written(matchId, id.value(), undone.version(), sender.position(id, undone.version()));
    }

    @Operation(summary = "Run the matching rules again", description = "Over every unmatched line of the source's"
            + " statement, for payments synced after their line was imported (an import runs them too). Answers how"
            + " many matches and proposals it recorded. Role FINANCE.")
    @PostMapping("/matching")
    RunAnswer run(@Parameter(description = "Whose statement") @RequestParam StatementSource source) {
        StatementId id = StatementId.of(source);
        Ran ran = sender.answer(new RunMatching(id.streamId(), recordedAt()), null);
        return new RunAnswer(source, ran.matched(), ran.proposed(), ran.version(), sender.position(id, ran.version()));
    }

    private java.time.Instant recordedAt() {
        return calendar.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
