package io.canvass.command.prospect;

import io.canvass.events.Channel;
import io.canvass.events.UserId;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;

import java.time.Instant;

/** File a business visited on a street. */
public record RecordProspect(
        ProspectId prospectId,
        Channel channel,
        String businessName,
        DistrictId districtId,
        StreetId streetId,
        String address,
        String contactName,
        String contactPhone,
        UserId salespersonId,
        Instant occurredAt) {

    ProspectRecorded toEvent() {
        return new ProspectRecorded(prospectId, channel, businessName, districtId, streetId, address,
                contactName, contactPhone, salespersonId, occurredAt);
    }

    /**
     * What makes two records the same business: its name at its address, ignoring case and
     * spacing (a field app's "Lily  Salon" and "lily salon" are one shop).
     */
    String businessKey() {
        return normalize(businessName) + "|" + normalize(address);
    }

    private static String normalize(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }
}
