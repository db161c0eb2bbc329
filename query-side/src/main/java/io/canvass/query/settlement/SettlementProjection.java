package io.canvass.query.settlement;

import com.mongodb.client.model.Indexes;
import io.canvass.events.contract.BalanceCollected;
import io.canvass.events.contract.ContractCancelled;
import io.canvass.events.contract.DepositCollected;
import io.canvass.events.contract.PaymentCorrected;
import io.canvass.events.settlement.MatchProposed;
import io.canvass.events.settlement.MatchUndone;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.events.settlement.MatchedPayment;
import io.canvass.events.settlement.PaymentsMatched;
import io.canvass.events.settlement.StatementLineId;
import io.canvass.query.engine.Batch;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.engine.Projector.Delivery;
import io.canvass.query.engine.ReadModel;
import io.canvass.query.engine.ReadModelWrites;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * What settlement reads besides the lines ({@link StatementLinesProjection}): {@code settlement_payments},
 * one document per payment collected in the field (and per refund, negative) with its method, amount
 * collected and as last corrected, local day, receipt number and the match that settles it now; and
 * {@code settlement_matches}, one per match and proposal with its payments and lines, and whether it
 * was undone. Each field is set from one event, under the payment's or match's own id, so a
 * redelivery sets the same values again.
 */
@Component
public class SettlementProjection implements ReadModel {

    public static final String PAYMENTS = "settlement_payments";
    public static final String MATCHES = "settlement_matches";

    private final CanvassSettings settings;

    SettlementProjection(CanvassSettings settings) {
        this.settings = settings;
    }

    @Override
    public List<String> collections() {
        return List.of(PAYMENTS, MATCHES);
    }

    @Override
    public void createIndexes(MongoTemplate mongo) {
        mongo.getCollection(PAYMENTS).createIndex(Indexes.ascending("day"));
        mongo.getCollection(MATCHES).createIndex(Indexes.ascending("kind", "undone"));
    }

    /** A payment's document id, as {@link MatchedPayment#key()}. */
    static String id(MatchedPayment payment) {
        return payment.key();
    }

    @Override
    public void apply(Batch batch, ReadModelWrites writes) {
        for (Delivery delivery : batch.deliveries()) {
            Object event = delivery.event();
            if (event instanceof DepositCollected deposit) {
                collected(writes, new MatchedPayment(deposit.contractId(), MatchedKind.DEPOSIT, deposit.paymentId(),
                        deposit.amount()), deposit.method().name(), deposit.receiptNo(), deposit.occurredAt());
            } else if (event instanceof BalanceCollected balance) {
                collected(writes, new MatchedPayment(balance.contractId(), MatchedKind.BALANCE, balance.paymentId(),
                        balance.amount()), balance.method().name(), balance.receiptNo(), balance.occurredAt());
            } else if (event instanceof PaymentCorrected correction) {
                String id = new MatchedPayment(correction.contractId(), MatchedKind.valueOf(correction.paymentKind().name()),
                        correction.paymentId(), null).key();
                writes.set(PAYMENTS, id, "correctedAmount", Bson.money(correction.correctedAmount()));
            } else if (event instanceof ContractCancelled cancelled && cancelled.refunded().isPositive()) {
                collected(writes, new MatchedPayment(cancelled.contractId(), MatchedKind.REFUND, null,
                        io.canvass.events.Money.ZERO.minus(cancelled.refunded())), null, null, cancelled.occurredAt());
            } else if (event instanceof PaymentsMatched match) {
                match.payments().forEach(p -> writes.set(PAYMENTS, id(p), "matchId", match.matchId()));
                writes.set(MATCHES, match.matchId(), "kind", "MATCH")
                        .set(MATCHES, match.matchId(), "source", match.source().name())
                        .set(MATCHES, match.matchId(), "how", match.how().name())
                        .set(MATCHES, match.matchId(), "reason", match.reason())
                        .set(MATCHES, match.matchId(), "payments", payments(match.payments()))
                        .set(MATCHES, match.matchId(), "lines", lines(match.lines()))
                        .set(MATCHES, match.matchId(), "undone", false);
            } else if (event instanceof MatchUndone undone) {
                undone.payments().forEach(p -> writes.unset(PAYMENTS, id(p), "matchId"));
                writes.set(MATCHES, undone.matchId(), "undone", true);
            } else if (event instanceof MatchProposed proposal) {
                writes.set(MATCHES, proposal.proposalId(), "kind", "PROPOSAL")
                        .set(MATCHES, proposal.proposalId(), "source", proposal.source().name())
                        .set(MATCHES, proposal.proposalId(), "reason", proposal.reason())
                        .set(MATCHES, proposal.proposalId(), "payments", payments(proposal.payments()))
                        .set(MATCHES, proposal.proposalId(), "lines", lines(proposal.lines()))
                        .set(MATCHES, proposal.proposalId(), "undone", false);
            }
        }
    }

    private void collected(ReadModelWrites writes, MatchedPayment payment, String method, String receiptNo,
                           java.time.Instant occurredAt) {
        String id = id(payment);
        writes.set(PAYMENTS, id, "contractId", payment.contractId().value())
                .set(PAYMENTS, id, "kind", payment.kind().name())
                .set(PAYMENTS, id, "paymentId", payment.paymentId() == null ? null : payment.paymentId().value())
                .set(PAYMENTS, id, "method", method)
                .set(PAYMENTS, id, "receiptNo", receiptNo)
                .set(PAYMENTS, id, "day", settings.localDate(occurredAt).toString())
                // a correction sets correctedAmount, which counts instead (the payment's events come in order)
                .set(PAYMENTS, id, "collectedAmount", Bson.money(payment.amount()));
    }

    private static List<Document> payments(List<MatchedPayment> payments) {
        return payments.stream().map(p -> new Document("id", p.key()).append("contractId", p.contractId().value())
                .append("kind", p.kind().name()).append("paymentId", p.paymentId() == null ? null : p.paymentId().value())
                .append("amount", Bson.money(p.amount()))).toList();
    }

    private static List<String> lines(List<StatementLineId> lines) {
        return lines.stream().map(StatementLineId::value).toList();
    }
}
