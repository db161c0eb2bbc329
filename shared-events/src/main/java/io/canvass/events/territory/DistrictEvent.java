package io.canvass.events.territory;

/** What happened to the project manager's plan of a district: the denominator of coverage. */
public sealed interface DistrictEvent permits DistrictPlanned, StreetsAdded {

    DistrictId districtId();
}
