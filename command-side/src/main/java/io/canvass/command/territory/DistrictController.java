package io.canvass.command.territory;

import io.canvass.command.platform.CommandSender;
import io.canvass.command.platform.FieldTime;
import io.canvass.command.platform.Written;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.platform.web.Ids;
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
@RestController
@RequestMapping("/api/districts")
class DistrictController {

    private final CommandSender sender;
    private final FieldTime fieldTime;

    DistrictController(CommandSender sender, FieldTime fieldTime) {
        this.sender = sender;
        this.fieldTime = fieldTime;
    }

    record StreetRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String streetId,
            @NotBlank @Size(max = 200) String name) {
        PlannedStreet toStreet() {
            return new PlannedStreet(new StreetId(streetId), name.strip());
        }
    }

    record PlanDistrictRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String districtId,
            @NotBlank @Size(max = 100) String city,
            @NotBlank @Size(max = 200) String name,
            @NotEmpty @Size(max = 1000) List<@NotNull @Valid StreetRequest> streets,
            Instant occurredAt) {
    }

    record AddStreetsRequest(
            @NotEmpty @Size(max = 1000) List<@NotNull @Valid StreetRequest> streets,
            Instant occurredAt) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Written plan(@Valid @RequestBody PlanDistrictRequest request) {
        DistrictId id = new DistrictId(request.districtId());
        return sender.send(id, new PlanDistrict(id,
                request.city().strip(), request.name().strip(),
                request.streets().stream().map(StreetRequest::toStreet).toList(),
                fieldTime.orNow(request.occurredAt())));
    }

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
