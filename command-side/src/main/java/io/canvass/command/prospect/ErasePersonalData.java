package io.canvass.command.prospect;

import io.canvass.events.prospect.PersonalDataErased;
import io.canvass.events.prospect.ProspectId;

import java.time.Instant;

/** Erase a prospect's personal data, for a reason (a request, a retention limit). */
public record ErasePersonalData(ProspectId prospectId, String reason, Instant occurredAt) {

    PersonalDataErased toEvent() {
        return new PersonalDataErased(prospectId, reason, occurredAt);
    }
}
