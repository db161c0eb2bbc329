package io.canvass.command.settlement;

import io.canvass.command.platform.RuleViolation;
import io.canvass.command.settlement.ImportStatement.Imported;
import io.canvass.events.Money;
import io.canvass.events.settlement.StatementId;
import io.canvass.events.settlement.StatementLineId;
import io.canvass.events.settlement.StatementLineRecorded;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The statement of one source (docs/domain.md, "Money arrives: settlement"): every line recorded
 * once, whatever file brings it again. One stream per source, because a source's lines are decided
 * together: a line is new or known only against every line of its source, and matching (which
 * payments a line may take) is decided per source as well. Two imports of one source at once are
 * one after the other: the second's append collides on the stream's next sequence number and is
 * refused, the retry reads the first's lines.
 */
@Aggregate(repository = "statementRepository")
public class Statement {

    /** What a recorded line says, to tell the same line from another under the same id ({@link StatementLine#sameAs}). */
    private record Known(LocalDate day, Money amount) {
    }

    @AggregateIdentifier
    private String streamId;
    private final Map<StatementLineId, Known> lines = new HashMap<>();
    private long lastSequence = -1;

    protected Statement() {
        // for Axon
    }

    /**
     * Records the lines not known yet; refuses the whole file (nothing recorded) if a line's id is
     * known with other figures, naming each such line.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Imported handle(ImportStatement command) {
        if (command.lines().isEmpty()) {
            // the controller refuses such a file first; a statement that does not exist yet would stay without id
            throw new RuleViolation("a statement file holds at least one line");
        }
        List<String> conflicts = new ArrayList<>();
        int known = 0;
        for (StatementLine line : command.lines()) {
            Known recorded = lines.get(line.lineId());
            if (recorded == null) {
                continue;
            }
            known++;
            if (!recorded.equals(new Known(line.day(), line.amount()))) {
                conflicts.add("line " + line.number() + ": line id " + line.lineId() + " is recorded already with "
                        + recorded.day() + " and " + recorded.amount());
            }
        }
        if (!conflicts.isEmpty()) {
            throw new RuleViolation("nothing was recorded: " + conflicts.size() + " line(s) of the file differ from"
                    + " the " + command.source() + " statement's recorded lines under the same id: "
                    + String.join("; ", conflicts.subList(0, Math.min(conflicts.size(), 20)))
                    + (conflicts.size() > 20 ? "; and " + (conflicts.size() - 20) + " more" : ""));
        }
        for (StatementLine line : command.lines()) {
            if (!lines.containsKey(line.lineId())) {
                apply(new StatementLineRecorded(command.source(), line.lineId(), line.day(), line.amount(),
                        line.reference(), command.layout(), command.fileDigest(), command.recordedAt()));
            }
        }
        return new Imported(lastSequence, command.lines().size() - known, known);
    }

    @EventSourcingHandler
    void on(StatementLineRecorded event, @SequenceNumber long sequence) {
        streamId = StatementId.of(event.source()).streamId();
        lines.put(event.lineId(), new Known(event.day(), event.amount()));
        lastSequence = sequence;
    }
}
