package io.canvass.command.contract;

import io.canvass.command.platform.CommandSender;
import io.canvass.command.platform.FieldTime;
import io.canvass.command.platform.Written;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.InstallationId;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.prospect.ProspectId;
import io.canvass.platform.web.Ids;
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

    record SignContractRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String contractId,
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String prospectId,
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String salespersonId,
            @NotNull ContractKind kind,
            @NotNull @Min(1) @Max(100000) Integer units,
            @NotNull @DecimalMin(value = "0.00", inclusive = false) @Digits(integer = 10, fraction = 2, message = MONEY)
            BigDecimal unitPrice,
            @NotNull @DecimalMin("0.00") @Digits(integer = 12, fraction = 2, message = MONEY) BigDecimal depositRequired,
            @NotNull Instant occurredAt) {
    }

    record PaymentRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String paymentId,
            @NotNull @DecimalMin(value = "0.00", inclusive = false) @Digits(integer = 12, fraction = 2, message = MONEY)
            BigDecimal amount,
            @NotNull PaymentMethod method,
            @NotBlank @Size(max = 64) String receiptNo,
            @NotNull Instant occurredAt) {
    }

    record InstallationRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String installationId,
            @NotNull @Min(1) @Max(100000) Integer units,
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String installerId,
            @NotBlank @Size(max = 64) String deliveryReceiptNo,
            @NotNull Instant occurredAt) {
    }

    record CancellationRequest(@NotBlank @Size(max = 500) String reason, @NotNull Instant occurredAt) {
    }

    record CorrectionRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String correctionId,
            @NotNull @DecimalMin("0.00") @Digits(integer = 12, fraction = 2, message = MONEY) BigDecimal correctedAmount,
            @NotBlank @Size(max = 500) String reason,
            @NotNull Instant occurredAt) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Written sign(@Valid @RequestBody SignContractRequest request) {
        sender.requireActingAsSelfIfSales(request.salespersonId());
        ContractId id = new ContractId(request.contractId());
        return sender.send(id, new SignContract(id,
                new ProspectId(request.prospectId()), new UserId(request.salespersonId()), request.kind(),
                request.units(), new Money(request.unitPrice()), new Money(request.depositRequired()),
                fieldTime.check(request.occurredAt())));
    }

    @PostMapping("/{contractId}/deposits")
    @ResponseStatus(HttpStatus.CREATED)
    Written collectDeposit(@PathVariable String contractId, @Valid @RequestBody PaymentRequest request) {
        Ids.check("contractId", contractId);
        ContractId id = new ContractId(contractId);
        return sender.send(id, new CollectDeposit(id, new PaymentId(request.paymentId()),
                new Money(request.amount()), request.method(), request.receiptNo().strip(),
                fieldTime.check(request.occurredAt())));
    }

    @PostMapping("/{contractId}/installations")
    @ResponseStatus(HttpStatus.CREATED)
    Written install(@PathVariable String contractId, @Valid @RequestBody InstallationRequest request) {
        Ids.check("contractId", contractId);
        ContractId id = new ContractId(contractId);
        return sender.send(id, new InstallUnits(id,
                new InstallationId(request.installationId()), request.units(), new UserId(request.installerId()),
                request.deliveryReceiptNo().strip(), fieldTime.check(request.occurredAt())));
    }

    @PostMapping("/{contractId}/balance-payments")
    @ResponseStatus(HttpStatus.CREATED)
    Written collectBalance(@PathVariable String contractId, @Valid @RequestBody PaymentRequest request) {
        Ids.check("contractId", contractId);
        ContractId id = new ContractId(contractId);
        return sender.send(id, new CollectBalance(id, new PaymentId(request.paymentId()),
                new Money(request.amount()), request.method(), request.receiptNo().strip(),
                fieldTime.check(request.occurredAt())));
    }

    @PostMapping("/{contractId}/cancellation")
    Written cancel(@PathVariable String contractId, @Valid @RequestBody CancellationRequest request) {
        Ids.check("contractId", contractId);
        String reason = request.reason().strip();
        ContractId id = new ContractId(contractId);
        return sender.send(id, new CancelContract(id, reason,
                fieldTime.check(request.occurredAt())), reason);
    }

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
