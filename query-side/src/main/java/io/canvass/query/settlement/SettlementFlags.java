package io.canvass.query.settlement;

import com.mongodb.client.model.Filters;
import io.canvass.events.Money;
import io.canvass.events.settlement.SettlementFlag;
import io.canvass.events.settlement.StatementSource;
import io.canvass.query.platform.Bson;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The settlement flags as the command side's deadlines recorded them (docs/finance.md, "Flags"):
 * the one place every reader (settlement, reconciliation, follow-ups) takes them from, so that none
 * counts a threshold of its own and they never disagree.
 */
@Component
public class SettlementFlags {

    /**
     * A flag raised and not cleared now.
     *
     * @param payment the payment's key ({@code contract/KIND/paymentId}) for UNSETTLED
     * @param since   when it fell due (for a flag raised again by an undo, the undo's moment)
     */
    public record Raised(SettlementFlag flag, StatementSource source, String payment, String contractId, String lineId,
                         String matchId, Money amount, int days, Instant since) {
    }

    private final MongoTemplate mongo;

    public SettlementFlags(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The flags raised before {@code end} and not cleared now, of one kind (null for every kind). */
    public List<Raised> raisedBefore(Instant end, SettlementFlag kind) {
        String field = SettlementProjection.RAISED;
        List<Raised> raised = new ArrayList<>();
        mongo.getCollection(SettlementProjection.FLAGS)
                .find(kind == null ? Filters.exists(field) : Filters.eq(field + ".flag", kind.name()))
                .forEach(document -> {
                    Document flag = document.get(field, Document.class);
                    Instant since = Bson.instant(flag.get("since"));
                    if (since.isBefore(end)) {
                        raised.add(new Raised(SettlementFlag.valueOf(flag.getString("flag")),
                                StatementSource.valueOf(flag.getString("source")), flag.getString("payment"),
                                flag.getString("contractId"), flag.getString("lineId"), flag.getString("matchId"),
                                Bson.money(flag, "amount"), Bson.integer(flag, "days"), since));
                    }
                });
        return raised;
    }
}
