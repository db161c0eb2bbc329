package io.canvass.events.prospect;

import io.canvass.events.Channel;
import io.canvass.events.EventType;
import io.canvass.events.UserId;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;

import java.time.Instant;

/**
 * A sales manager visited a business on a planned street and filed it. {@code contactName} and
 * {@code contactPhone} are personal data, sealed with the prospect's key ({@link SealedText}); either
 * may be null. Revision 2: revision 1 stored them as plain text (read as {@code clear:} values).
 */
@EventType(name = "ProspectRecorded", revision = "2")
public record ProspectRecorded(
        ProspectId prospectId,
        Channel channel,
        String businessName,
        DistrictId districtId,
        StreetId streetId,
        String address,
        SealedText contactName,
        SealedText contactPhone,
        UserId salespersonId,
        Instant occurredAt) implements ProspectEvent {
}
