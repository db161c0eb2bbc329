package io.canvass.command.settlement;

import io.canvass.events.settlement.MatchedPayment;
import io.canvass.events.settlement.StatementLineId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Finance's commands on a statement's matches (docs/finance.md, "Matching"). */
final class MatchCommands {

    private MatchCommands() {
    }

    /**
     * Finance matches payments (as found in {@link SettlementPayments}, with their amounts now) to
     * lines of the statement: a proposal confirmed, or finance's own choice.
     */
    record MatchPayments(@TargetAggregateIdentifier String streamId, List<MatchedPayment> payments,
                         List<StatementLineId> lines, String reason, Instant recordedAt) {
        MatchPayments {
            payments = List.copyOf(payments);
            lines = List.copyOf(lines);
        }
    }

    record UndoMatch(@TargetAggregateIdentifier String streamId, String matchId, String reason, Instant recordedAt) {
    }

    /** Runs the rules again over the unmatched lines (payments synced after their lines were imported). */
    record RunMatching(@TargetAggregateIdentifier String streamId, Instant recordedAt) {
    }

    /** What a match or undo answers: the statement's version after it, and the match. */
    record Matched(long version, String matchId) {
    }

    /** What a run of the rules did: how many matches and proposals it recorded. */
    record Ran(long version, int matched, int proposed) {
    }
}
