package io.canvass.query.engine;

import java.util.Set;

/**
 * What a MongoDB server's write error means for a read-model write: a race lost to another writer
 * (work it out again), a document the server refuses (no retry can help: the stream fails), or
 * something else (the batch fails and comes again). Codes from the server's error_codes.yml.
 */
enum ServerErrors {

    LOST_RACE, REFUSED, OTHER;

    /** DuplicateKey (an upsert lost to another insert), WriteConflict. */
    private static final Set<Integer> LOST_RACES = Set.of(11000, 11001, 112);

    /**
     * BSONObjectTooLarge (10334), an update's result too large (17419, 17420), BadValue (2),
     * FailedToParse (9), TypeMismatch (14), PathNotViable (28), ConflictingUpdateOperators (40),
     * DollarPrefixedFieldName (52), EmptyFieldName (56), DottedFieldName (57),
     * DocumentValidationFailure (121), Location16837 and 16755 (invalid paths in an update).
     */
    private static final Set<Integer> REFUSALS = Set.of(10334, 17419, 17420, 2, 9, 14, 28, 40, 52, 56, 57, 121,
            16837, 16755);

    static ServerErrors classify(int code) {
        if (LOST_RACES.contains(code)) {
            return LOST_RACE;
        }
        return REFUSALS.contains(code) ? REFUSED : OTHER;
    }
}
