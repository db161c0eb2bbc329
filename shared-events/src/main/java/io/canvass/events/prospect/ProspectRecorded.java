package io.canvass.events.prospect;

import io.canvass.events.Channel;
import io.canvass.events.EventType;
import io.canvass.events.UserId;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;

import java.time.Instant;

/**
 * A sales manager visited a business on a planned street and filed it. {@code contactName} and
 * {@code contactPhone} may be null.
 */
@EventType(name = "ProspectRecorded", revision = "1")
public record ProspectRecorded(
        ProspectId prospectId,
        Channel channel,
        String businessName,
        DistrictId districtId,
        StreetId streetId,
        String address,
        String contactName,
        String contactPhone,
        UserId salespersonId,
        Instant occurredAt) implements ProspectEvent {
}
