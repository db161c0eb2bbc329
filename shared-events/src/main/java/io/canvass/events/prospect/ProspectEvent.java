package io.canvass.events.prospect;

/** What happened to a prospect: a business visited on a street. */
public sealed interface ProspectEvent permits ProspectRecorded {

    ProspectId prospectId();
}
