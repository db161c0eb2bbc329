package io.canvass.query.settlement;

import com.mongodb.client.model.Filters;
import io.canvass.events.settlement.MatchedPayment;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/**
 * Which payments are settled as of a day, as the settlement view counts them (docs/finance.md, "The
 * settlement view"): matched now, by a match not undone, to statement lines all of a day up to it.
 */
@Component
public class SettledPayments {

    private final MongoTemplate mongo;

    public SettledPayments(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The keys ({@link MatchedPayment#key()}) of the payments settled as of the day. */
    public Set<String> asOf(LocalDate date) {
        Set<String> lines = new HashSet<>();
        mongo.getCollection(StatementLinesProjection.STATEMENT_LINES).find(Filters.lte("day", date.toString()))
                .projection(new Document("_id", 1)).forEach(line -> lines.add(line.getString("_id")));
        Set<String> settled = new HashSet<>();
        for (Document match : mongo.getCollection(SettlementProjection.MATCHES)
                .find(Filters.and(Filters.eq("kind", "MATCH"), Filters.eq("undone", false)))) {
            String source = match.getString("source");
            if (match.getList("lines", String.class).stream().allMatch(id -> lines.contains(source + ":" + id))) {
                match.getList("payments", Document.class).forEach(payment -> settled.add(payment.getString("id")));
            }
        }
        return settled;
    }

    /** The contracts whose payments a match or proposal names. */
    public Set<String> contractsOf(String matchId) {
        Set<String> contracts = new HashSet<>();
        Document match = mongo.getCollection(SettlementProjection.MATCHES).find(Filters.eq("_id", matchId)).first();
        if (match != null) {
            match.getList("payments", Document.class).forEach(payment -> contracts.add(payment.getString("contractId")));
        }
        return contracts;
    }
}
