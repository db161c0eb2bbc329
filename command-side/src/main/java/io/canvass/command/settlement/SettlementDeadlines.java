package io.canvass.command.settlement;

import io.canvass.command.platform.BranchCalendar;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.events.settlement.MatchedPayment;
import io.canvass.events.settlement.StatementId;
import io.canvass.events.settlement.StatementSource;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.modelling.command.AggregateScopeDescriptor;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The deadline that records a payment UNSETTLED (docs/finance.md, "Flags"): scheduled by the
 * contract when a payment is collected, it fires in the statement of the payment's source, which
 * alone knows whether a line settles it (and which clears the flag in the same event stream when a
 * line later does). Its payload names the source and the payment as text, so that it reads the same
 * on every command side.
 */
public final class SettlementDeadlines {

    static final String PAYMENT_UNSETTLED = "payment-unsettled";
    static final String UNKNOWN_RECEIPT = "unknown-receipt";

    private SettlementDeadlines() {
    }

    /** The statement that shows money paid by this method; none for {@code OTHER}. */
    public static Optional<StatementSource> sourceOf(PaymentMethod method) {
        return Arrays.stream(StatementSource.values()).filter(source -> source.methods().contains(method)).findFirst();
    }

    /**
     * Schedules the UNSETTLED deadline of a deposit or balance just collected, at the start of the
     * N-th day after its day (never sooner than the sync grace), in its source's statement.
     */
    public static void paymentCollected(DeadlineManager deadlines, BranchCalendar calendar, ContractId contractId,
                                        MatchedKind kind, PaymentId paymentId, PaymentMethod method, Instant paidAt) {
        sourceOf(method).ifPresent(source -> deadlines.schedule(
                calendar.fireAt(calendar.dueOn(calendar.localDate(paidAt), calendar.unsettledDays())),
                PAYMENT_UNSETTLED, source.name() + " " + contractId.value() + " " + kind + " " + paymentId.value(),
                new AggregateScopeDescriptor(Statement.class.getSimpleName(), StatementId.of(source).streamId())));
    }

    /** The source and payment a {@link #PAYMENT_UNSETTLED} deadline's payload names (its amount left out). */
    record Due(StatementSource source, MatchedPayment payment) {
        static Due of(String payload) {
            String[] parts = payload.split(" ");
            return new Due(StatementSource.valueOf(parts[0]), new MatchedPayment(new ContractId(parts[1]),
                    MatchedKind.valueOf(parts[2]), new PaymentId(parts[3]), null));
        }
    }
}
