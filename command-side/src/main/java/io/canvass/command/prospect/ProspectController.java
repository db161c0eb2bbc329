package io.canvass.command.prospect;

import io.swagger.v3.oas.annotations.media.Schema;
import io.canvass.command.platform.CommandSender;
import io.canvass.command.platform.FieldTime;
import io.canvass.command.platform.Written;
import io.canvass.events.Channel;
import io.canvass.events.UserId;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;
import io.canvass.platform.web.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** Businesses visited in the field. */
@Tag(name = "Prospects", description = "Businesses visited on a planned street. Roles SALES (as themselves) and MANAGER.")
@RestController
@RequestMapping("/api/prospects")
class ProspectController {

    private final CommandSender sender;
    private final FieldTime fieldTime;

    ProspectController(CommandSender sender, FieldTime fieldTime) {
        this.sender = sender;
        this.fieldTime = fieldTime;
    }

    @Schema(example = "{\"prospectId\":\"lily-salon\",\"channel\":\"HAIR_SALON\",\"businessName\":\"Lily Salon\",\"districtId\":\"daoli\",\"streetId\":\"jiefang\",\"address\":\"12 Jiefang Rd\",\"salespersonId\":\"sales1\",\"contactName\":\"Ms Li\",\"contactPhone\":\"138 0000 0000\",\"occurredAt\":\"2026-03-02T01:00:00Z\"}")
    record RecordProspectRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String prospectId,
            @NotNull Channel channel,
            @NotBlank @Size(max = 200) String businessName,
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String districtId,
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String streetId,
            @NotBlank @Size(max = 300) String address,
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String salespersonId,
            @NotNull Instant occurredAt,
            @Size(max = 100) String contactName,
            @Size(max = 40) @Pattern(regexp = "[0-9+() -]*", message = "must be a phone number") String contactPhone) {
    }

    @Operation(summary = "Record a prospect", description = "A business visited on a street of a planned district (ProspectRecorded). The same business (name at address, ignoring case and spacing) is recorded once. occurredAt is when it happened in the field. Roles SALES (salespersonId must be the user) and MANAGER.")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Written record(@Valid @RequestBody RecordProspectRequest request) {
        sender.requireActingAsSelfIfSales(request.salespersonId());
        ProspectId id = new ProspectId(request.prospectId());
        return sender.send(id, new RecordProspect(id,
                request.channel(), request.businessName().strip(), new DistrictId(request.districtId()),
                new StreetId(request.streetId()), request.address().strip(), blankToNull(request.contactName()),
                blankToNull(request.contactPhone()), new UserId(request.salespersonId()),
                fieldTime.check(request.occurredAt())));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
