package io.canvass.events.contract;

import io.canvass.events.Channel;
import io.canvass.events.EventType;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;

import java.time.Instant;

/**
 * A contract was signed with a recorded prospect. The prospect's channel, district and street are
 * copied in as they were at signing, so every read model can place the contract from this event
 * alone.
 */
@EventType(name = "ContractSigned", revision = "1")
public record ContractSigned(
        ContractId contractId,
        ProspectId prospectId,
        Channel channel,
        DistrictId districtId,
        StreetId streetId,
        UserId salespersonId,
        ContractKind kind,
        int units,
        Money unitPrice,
        Money depositRequired,
        Instant occurredAt) implements ContractEvent {

    /** Units x unit price. */
    public Money contractValue() {
        return unitPrice.times(units);
    }
}
