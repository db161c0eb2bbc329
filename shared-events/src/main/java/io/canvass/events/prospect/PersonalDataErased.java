package io.canvass.events.prospect;

import io.canvass.events.EventType;

import java.time.Instant;

/**
 * A prospect's personal data was erased (China's PIPL art. 47, GDPR art. 17): its key was destroyed
 * in the same transaction, so its sealed fields can no longer be read anywhere. {@code reason} says
 * why (a request, a retention limit), never the data itself.
 */
@EventType(name = "PersonalDataErased", revision = "1")
public record PersonalDataErased(ProspectId prospectId, String reason, Instant occurredAt) implements ProspectEvent {
}
