package io.canvass.command.settlement;

import io.canvass.events.settlement.StatementSource;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Finance records the lines of a statement file, read whole (each line id once): every line not
 * yet known is recorded, the known ones are left alone, and a known id with other figures refuses
 * the whole file.
 */
record ImportStatement(@TargetAggregateIdentifier String streamId, StatementSource source, String layout,
                       String fileDigest, List<StatementLine> lines, Instant recordedAt) {

    ImportStatement {
        lines = List.copyOf(lines);
    }

    /**
     * What an import did: the statement's version after it, how many lines it recorded or knew, and
     * how many matches and proposals the rules then recorded.
     */
    record Imported(long version, int recorded, int alreadyKnown, int matched, int proposed) {
    }
}
