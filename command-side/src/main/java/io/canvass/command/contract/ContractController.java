package io.canvass.command.contract;

import io.swagger.v3.oas.annotations.media.Schema;
import io.canvass.command.platform.CommandSender;
import io.canvass.command.platform.FieldTime;
import io.canvass.command.platform.Written;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.campaign.CampaignId;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.InstallationId;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.prospect.ProspectId;
import io.canvass.platform.web.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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

/** Contracts: signing, deposits, installations, balances, cancellation, corrections. */
@Tag(name = "Contracts", description = "Contracts and their money and installations, under the rules of DOMAIN.md.")
@RestController
@RequestMapping("/api/contracts")
class ContractController {

    private static final String MONEY = "must be yuan with at most two decimals";

    private final CommandSender sender;
    private final FieldTime fieldTime;

    ContractController(CommandSender sender, FieldTime fieldTime) {
        this.sender = sender;
        this.fieldTime = fieldTime;
    }

    @Schema(example = "{\"contractId\":\"c-1001\",\"prospectId\":\"lily-salon\",\"salespersonId\":\"sales1\",\"kind\":\"SALE\",\"units\":2,\"unitPrice\":\"1380.00\",\"depositRequired\":\"500.00\",\"occurredAt\":\"2026-03-01T17:30:00Z\"}")
    record SignContractRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String contractId,
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String prospectId,
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String salespersonId,
            @NotNull ContractKind kind,
            @NotNull @Min(1) @Max(100000) Integer units,
            @NotNull @DecimalMin(value = "0.00", inclusive = false) @Digits(integer = 10, fraction = 2, message = MONEY)
            @Schema(type = "string", pattern = "^[0-9]{1,13}(\\.[0-9]{1,2})?$", example = "460.00", description = "yuan with at most two decimals, as a JSON string") BigDecimal unitPrice,
            @NotNull @DecimalMin("0.00") @Digits(integer = 12, fraction = 2, message = MONEY)
            @Schema(type = "string", pattern = "^[0-9]{1,13}(\\.[0-9]{1,2})?$", example = "460.00", description = "yuan with at most two decimals, as a JSON string") BigDecimal depositRequired,
            @NotNull Instant occurredAt,
            @Schema(description = "the campaign the contract counts for; without it, the campaign the salesperson works for the prospect's channel on the signing day, if any")
            @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String campaignId) {
    }

    @Schema(example = "{\"paymentId\":\"pay-1\",\"amount\":\"500.00\",\"method\":\"WECHAT_PAY\",\"receiptNo\":\"R-0001\",\"occurredAt\":\"2026-03-02T03:00:00Z\"}")
    record PaymentRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String paymentId,
            @NotNull @DecimalMin(value = "0.00", inclusive = false) @Digits(integer = 12, fraction = 2, message = MONEY)
            @Schema(type = "string", pattern = "^[0-9]{1,13}(\\.[0-9]{1,2})?$", example = "460.00", description = "yuan with at most two decimals, as a JSON string") BigDecimal amount,
            @NotNull PaymentMethod method,
            @NotBlank @Size(max = 64) String receiptNo,
            @NotNull Instant occurredAt) {
    }

    @Schema(example = "{\"installationId\":\"inst-1\",\"units\":2,\"installerId\":\"installer\",\"deliveryReceiptNo\":\"D-0001\",\"occurredAt\":\"2026-03-03T02:00:00Z\"}")
    record InstallationRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String installationId,
            @NotNull @Min(1) @Max(100000) Integer units,
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String installerId,
            @NotBlank @Size(max = 64) String deliveryReceiptNo,
            @NotNull Instant occurredAt) {
    }

    @Schema(example = "{\"reason\":\"the salon closed\",\"occurredAt\":\"2026-03-05T03:00:00Z\"}")
    record CancellationRequest(@NotBlank @Size(max = 500) String reason, @NotNull Instant occurredAt) {
    }

    @Schema(example = "{\"correctionId\":\"fix-1\",\"correctedAmount\":\"450.00\",\"reason\":\"the receipt says 450.00\",\"occurredAt\":\"2026-04-02T02:00:00Z\"}")
    record CorrectionRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String correctionId,
            @NotNull @DecimalMin("0.00") @Digits(integer = 12, fraction = 2, message = MONEY)
            @Schema(type = "string", pattern = "^[0-9]{1,13}(\\.[0-9]{1,2})?$", example = "460.00", description = "yuan with at most two decimals, as a JSON string") BigDecimal correctedAmount,
            @NotBlank @Size(max = 500) String reason,
            @NotNull Instant occurredAt) {
    }

    @Operation(summary = "Sign a contract", description = "A sale or distribution agreement with an existing prospect (ContractSigned): at least 1 unit, a positive unit price, a deposit required between 0 and the contract value. It counts for the salesperson's quota on the local day of occurredAt, and for the campaign named (campaignId; 409 if the salesperson does not work it for that channel that day) or else the one they work then, if any. Roles SALES (as themselves) and MANAGER.")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Written sign(@Valid @RequestBody SignContractRequest request) {
        sender.requireActingAsSelfIfSales(request.salespersonId());
        ContractId id = new ContractId(request.contractId());
        return sender.send(id, new SignContract(id,
                new ProspectId(request.prospectId()), new UserId(request.salespersonId()), request.kind(),
                request.units(), new Money(request.unitPrice()), new Money(request.depositRequired()),
                request.campaignId() == null ? null : new CampaignId(request.campaignId()),
                fieldTime.check(request.occurredAt())));
    }

    @Operation(summary = "Collect a deposit", description = "A down payment or sample deposit received (DepositCollected); deposits never exceed what the contract requires, and a cancelled or completed contract takes none. Roles SALES and FINANCE.")
    @PostMapping("/{contractId}/deposits")
    @ResponseStatus(HttpStatus.CREATED)
    Written collectDeposit(@PathVariable String contractId, @Valid @RequestBody PaymentRequest request) {
        Ids.check("contractId", contractId);
        ContractId id = new ContractId(contractId);
        return sender.send(id, new CollectDeposit(id, new PaymentId(request.paymentId()),
                new Money(request.amount()), request.method(), request.receiptNo().strip(),
                fieldTime.check(request.occurredAt())));
    }

    @Operation(summary = "Record an installation", description = "Units delivered and installed (UnitsInstalled), only once the required deposit is fully in, never beyond the contracted units. Net profit is earned at installation. Role INSTALLER.")
    @PostMapping("/{contractId}/installations")
    @ResponseStatus(HttpStatus.CREATED)
    Written install(@PathVariable String contractId, @Valid @RequestBody InstallationRequest request) {
        Ids.check("contractId", contractId);
        ContractId id = new ContractId(contractId);
        return sender.send(id, new InstallUnits(id,
                new InstallationId(request.installationId()), request.units(), new UserId(request.installerId()),
                request.deliveryReceiptNo().strip(), fieldTime.check(request.occurredAt())));
    }

    @Operation(summary = "Collect a balance payment", description = "Balance received after installation (BalanceCollected): all balances together never exceed installed units x unit price - deposits collected. Roles INSTALLER and FINANCE.")
    @PostMapping("/{contractId}/balance-payments")
    @ResponseStatus(HttpStatus.CREATED)
    Written collectBalance(@PathVariable String contractId, @Valid @RequestBody PaymentRequest request) {
        Ids.check("contractId", contractId);
        ContractId id = new ContractId(contractId);
        return sender.send(id, new CollectBalance(id, new PaymentId(request.paymentId()),
                new Money(request.amount()), request.method(), request.receiptNo().strip(),
                fieldTime.check(request.occurredAt())));
    }

    @Operation(summary = "Cancel a contract", description = "Cancels a contract that is SIGNED or DEPOSIT_PAID and refunds what was collected (ContractCancelled); installed goods are not taken back here. The contract leaves every count, on the day it was signed. Role FINANCE.")
    @PostMapping("/{contractId}/cancellation")
    Written cancel(@PathVariable String contractId, @Valid @RequestBody CancellationRequest request) {
        Ids.check("contractId", contractId);
        String reason = request.reason().strip();
        ContractId id = new ContractId(contractId);
        return sender.send(id, new CancelContract(id, reason,
                fieldTime.check(request.occurredAt())), reason);
    }

    @Operation(summary = "Correct a payment", description = "Puts a wrongly recorded deposit or balance right by a compensating event (PaymentCorrected); the original stays in history. The payment then counts at its corrected amount on its own day, in every figure. Role FINANCE.")
    @PostMapping("/{contractId}/payments/{paymentId}/corrections")
    @ResponseStatus(HttpStatus.CREATED)
    Written correctPayment(@PathVariable String contractId, @PathVariable String paymentId,
                           @Valid @RequestBody CorrectionRequest request) {
        Ids.check("contractId", contractId);
        Ids.check("paymentId", paymentId);
        String reason = request.reason().strip();
        ContractId id = new ContractId(contractId);
        return sender.send(id, new CorrectPayment(id, request.correctionId(),
                new PaymentId(paymentId), new Money(request.correctedAmount()), reason,
                fieldTime.check(request.occurredAt())), reason);
    }
}
