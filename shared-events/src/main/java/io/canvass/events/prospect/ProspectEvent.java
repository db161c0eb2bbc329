package io.canvass.events.prospect;

/** What happened to a prospect: a business visited on a street, its personal data erased. */
public sealed interface ProspectEvent permits ProspectRecorded, PersonalDataErased {

    ProspectId prospectId();
}
