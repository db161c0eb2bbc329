package io.canvass.command.prospect;

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
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
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

import java.time.Clock;
import java.time.Instant;

/** Businesses visited in the field. */
@Tag(name = "Prospects", description = "Businesses visited on a planned street. Roles SALES (as themselves) and MANAGER; erasure MANAGER and ADMIN.")
@RestController
@RequestMapping("/api/prospects")
class ProspectController {

    private final CommandSender sender;
    private final FieldTime fieldTime;
    private final Clock clock;

    ProspectController(CommandSender sender, FieldTime fieldTime, Clock clock) {
        this.sender = sender;
        this.fieldTime = fieldTime;
        this.clock = clock;
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

    @Schema(example = "{\"reason\":\"the owner asked us to delete her details (request 2026-118)\"}")
    record ErasureRequest(@NotBlank @Size(max = 500) String reason) {
    }

    @Operation(summary = "Erase a prospect's personal data",
            description = "Destroys the prospect's key, so its contact name and phone (stored sealed with it) can no"
                    + " longer be read anywhere, and records why (PersonalDataErased, with who did it). Every figure"
                    + " stays; the audit chain still verifies, as it hashes what was stored. A second erasure changes"
                    + " nothing and is answered as the first. The reason must not contain the personal data itself."
                    + " Roles MANAGER and ADMIN.")
    @PostMapping("/{prospectId}/erasure")
    @ResponseStatus(HttpStatus.CREATED)
    Written erase(@PathVariable String prospectId, @Valid @RequestBody ErasureRequest request) {
        Ids.check("prospectId", prospectId);
        ProspectId id = new ProspectId(prospectId);
        return sender.send(id, new ErasePersonalData(id, request.reason().strip(), clock.instant()));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
