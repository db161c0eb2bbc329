package io.canvass.command.prospect;

import io.canvass.events.Channel;
import io.canvass.events.UserId;
import io.canvass.events.prospect.BusinessKey;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;

import java.time.Instant;

/** File a business visited on a street. The contact's name and phone travel in clear here, never into an event. */
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

    /** The event, with the personal fields sealed by {@code personal}. */
    ProspectRecorded toEvent(PersonalData personal) {
        return new ProspectRecorded(prospectId, channel, businessName, districtId, streetId, address,
                personal.seal(prospectId, "contactName", contactName), personal.seal(prospectId, "contactPhone", contactPhone),
                salespersonId, occurredAt);
    }

    /** Whether an event records this command: same details, and the same personal fields while they can be read. */
    boolean isRecordedBy(ProspectRecorded event, PersonalData personal, boolean erased) {
        boolean sameDetails = event.channel() == channel && event.businessName().equals(businessName)
                && event.districtId().equals(districtId) && event.streetId().equals(streetId)
                && event.address().equals(address) && event.salespersonId().equals(salespersonId)
                && event.occurredAt().equals(occurredAt);
        if (!sameDetails || erased) {
            return sameDetails;
        }
        return java.util.Objects.equals(personal.open(prospectId, "contactName", event.contactName()).orElse(null), contactName)
                && java.util.Objects.equals(personal.open(prospectId, "contactPhone", event.contactPhone()).orElse(null),
                contactPhone);
    }

    /** What makes two records the same business ({@link BusinessKey}). */
    String businessKey() {
        return BusinessKey.of(businessName, address).value();
    }
}
