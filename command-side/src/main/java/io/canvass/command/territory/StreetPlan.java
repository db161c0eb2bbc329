package io.canvass.command.territory;

import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;

/** The plan as other aggregates' rules see it: is this street on a planned district? */
public interface StreetPlan {

    /** Refuses (with a rule violation) a street that is not on a planned district. */
    void requirePlanned(DistrictId districtId, StreetId streetId);
}
