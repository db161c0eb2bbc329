package io.canvass.command.territory;

import io.swagger.v3.oas.annotations.media.Schema;
import io.canvass.command.platform.CommandSender;
import io.canvass.command.platform.FieldTime;
import io.canvass.command.platform.Written;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.platform.web.Ids;
import io.swagger.v3.oas.annotations.Operation;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** The project manager's plan of districts and streets. */
@Tag(name = "Territory", description = "The project manager's plan: districts and their streets, the denominator of coverage. Role MANAGER.")
@RestController
@RequestMapping("/api/districts")
class DistrictController {

    private final CommandSender sender;
    private final FieldTime fieldTime;

    DistrictController(CommandSender sender, FieldTime fieldTime) {
        this.sender = sender;
        this.fieldTime = fieldTime;
    }

    @Schema(example = "{\"streetId\":\"jiefang\",\"name\":\"Jiefang Rd\"}")
    record StreetRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String streetId,
            @NotBlank @Size(max = 200) String name) {
        PlannedStreet toStreet() {
            return new PlannedStreet(new StreetId(streetId), name.strip());
        }
    }

    @Schema(example = "{\"districtId\":\"daoli\",\"city\":\"Harbin\",\"name\":\"Daoli\",\"streets\":[{\"streetId\":\"jiefang\",\"name\":\"Jiefang Rd\"},{\"streetId\":\"renmin\",\"name\":\"Renmin Rd\"}]}")
    record PlanDistrictRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String districtId,
            @NotBlank @Size(max = 100) String city,
            @NotBlank @Size(max = 200) String name,
            @NotEmpty @Size(max = 1000) List<@NotNull @Valid StreetRequest> streets,
            Instant occurredAt) {
    }

    @Schema(example = "{\"streets\":[{\"streetId\":\"zhongyang\",\"name\":\"Zhongyang St\"}],\"occurredAt\":\"2026-03-01T00:00:00Z\"}")
    record AddStreetsRequest(
            @NotEmpty @Size(max = 1000) List<@NotNull @Valid StreetRequest> streets,
            Instant occurredAt) {
    }

    @Operation(summary = "Plan a district", description = "Records a district and its streets (DistrictPlanned). The streets are the denominator of coverage. Role MANAGER.")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Written plan(@Valid @RequestBody PlanDistrictRequest request) {
        DistrictId id = new DistrictId(request.districtId());
        return sender.send(id, new PlanDistrict(id,
                request.city().strip(), request.name().strip(),
                request.streets().stream().map(StreetRequest::toStreet).toList(),
                fieldTime.orNow(request.occurredAt())));
    }

    @Operation(summary = "Add streets to a district", description = "Adds streets to a planned district (StreetsAdded); a plan only gains streets. Role MANAGER.")
    @PostMapping("/{districtId}/streets")
    @ResponseStatus(HttpStatus.CREATED)
    Written addStreets(@PathVariable String districtId, @Valid @RequestBody AddStreetsRequest request) {
        Ids.check("districtId", districtId);
        DistrictId id = new DistrictId(districtId);
        return sender.send(id, new AddStreets(id,
                request.streets().stream().map(StreetRequest::toStreet).toList(),
                fieldTime.orNow(request.occurredAt())));
    }
}
