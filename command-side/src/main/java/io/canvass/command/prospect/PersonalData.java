package io.canvass.command.prospect;

import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.SealedText;

import java.util.Optional;

/** Seals, opens and erases a prospect's personal fields (its key lives outside the event stream). */
public interface PersonalData {

    /** Seals a field with the prospect's key, made on first use in the command's transaction; null stays null. */
    SealedText seal(ProspectId prospect, String field, String text);

    /** The field's text; empty once the prospect's personal data is erased. */
    Optional<String> open(ProspectId prospect, String field, SealedText sealed);

    /** Destroys the prospect's key, in the command's transaction. */
    void erase(ProspectId prospect);
}
