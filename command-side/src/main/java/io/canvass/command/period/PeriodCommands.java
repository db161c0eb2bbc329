package io.canvass.command.period;

import io.canvass.events.period.PeriodId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Finance's commands on a month. Each carries {@code recordedAt}, the server's time it was received
 * (from the injected clock), which its event records; closing also carries {@code monthEnd}, the
 * instant the month ends in the branch's time zone, before which it cannot be closed.
 */
final class PeriodCommands {

    private PeriodCommands() {
    }

    record CloseMonth(PeriodId periodId, String reason, Instant monthEnd, Instant recordedAt) {
        @TargetAggregateIdentifier
        public String streamId() {
            return periodId.streamId();
        }
    }

    record ReopenMonth(PeriodId periodId, String reason, Instant recordedAt) {
        @TargetAggregateIdentifier
        public String streamId() {
            return periodId.streamId();
        }
    }
}
