package io.canvass.command.prospect;

import io.canvass.events.Channel;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;

import java.util.Optional;

/** Prospects as a contract sees them: where they are and which channel they belong to. */
public interface ProspectDirectory {

    /** The prospect's channel and place, or empty when no such prospect is recorded. */
    Optional<Place> find(ProspectId prospectId);

    record Place(Channel channel, DistrictId districtId, StreetId streetId) {
    }
}
