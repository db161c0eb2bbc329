package io.canvass.command.prospect;

import io.canvass.events.Channel;
import io.canvass.events.UserId;
import io.canvass.events.prospect.BusinessKey;
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

    /** What makes two records the same business ({@link BusinessKey}). */
    String businessKey() {
        return BusinessKey.of(businessName, address).value();
    }
}
