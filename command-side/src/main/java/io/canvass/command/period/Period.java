package io.canvass.command.period;

import io.canvass.command.period.PeriodCommands.CloseMonth;
import io.canvass.command.period.PeriodCommands.ReopenMonth;
import io.canvass.command.platform.RuleViolation;
import io.canvass.events.period.MonthClosed;
import io.canvass.events.period.MonthReopened;
import io.canvass.events.period.PeriodId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One local month's closing (docs/domain.md, "Closing a month"): closed by finance once it is
 * over, reopened for a reason, closed again; every close and reopening stays recorded. A close
 * records the event store's position it was made at, from which the query side works out the
 * month's statement as closed.
 */
@Aggregate(repository = "periodRepository")
public class Period {

    @AggregateIdentifier
    private String streamId;
    private PeriodId periodId;
    private boolean closed;
    private MonthClosed lastClose;
    private long lastCloseSequence;
    private MonthReopened lastReopen;
    private long lastReopenSequence;
    private long lastSequence;

    protected Period() {
        // for Axon
    }

    /**
     * Closes the month at the event store's current position. A month still going on in the
     * branch's time zone cannot be closed; a closed month is closed once: the same close again
     * (same reason) is a retry and answers the first, another is refused until it is reopened.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public long handle(CloseMonth command, EventStoreHead head) {
        if (closed) {
            if (Objects.equals(lastClose.reason(), command.reason())) {
                return lastCloseSequence;
            }
            throw new RuleViolation("month " + command.periodId() + " is closed already (since "
                    + lastClose.occurredAt() + "): reopen it first");
        }
        if (command.recordedAt().isBefore(command.monthEnd())) {
            throw new RuleViolation("month " + command.periodId() + " is not over: it ends at " + command.monthEnd()
                    + " (the branch's midnight)");
        }
        apply(new MonthClosed(command.periodId(), head.position(), command.reason(), command.recordedAt()));
        return lastSequence;
    }

    /**
     * Reopens a closed month. The same reopening again (same reason, the month still open since)
     * is a retry and answers the first; reopening a month that is not closed is refused.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public long handle(ReopenMonth command) {
        if (!closed) {
            if (lastReopen != null && lastReopen.reason().equals(command.reason())) {
                return lastReopenSequence;
            }
            throw new RuleViolation("month " + command.periodId() + " is not closed: there is nothing to reopen");
        }
        apply(new MonthReopened(command.periodId(), command.reason(), command.recordedAt()));
        return lastSequence;
    }

    @EventSourcingHandler
    void on(MonthClosed event, @SequenceNumber long sequence) {
        periodId = event.periodId();
        streamId = periodId.streamId();
        closed = true;
        lastClose = event;
        lastCloseSequence = sequence;
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(MonthReopened event, @SequenceNumber long sequence) {
        closed = false;
        lastReopen = event;
        lastReopenSequence = sequence;
        lastSequence = sequence;
    }
}
