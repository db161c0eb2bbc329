package io.canvass.query.settlement;

import io.canvass.events.Money;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.settlement.MatchKind;
import io.canvass.events.settlement.MatchUndone;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.events.settlement.MatchedPayment;
import io.canvass.events.settlement.PaymentsMatched;
import io.canvass.events.settlement.StatementLineId;
import io.canvass.events.settlement.StatementLineRecorded;
import io.canvass.events.settlement.StatementSource;
import io.canvass.query.engine.Batch;
import io.canvass.query.engine.Projector.Delivery;
import io.canvass.query.engine.ReadModelWrites;
import io.canvass.query.support.InMemoryMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Statement lines fed straight into their projection: one document a line, the same whatever is delivered twice. */
class StatementLinesProjectionTest {

    static List<Delivery> lines() {
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            StatementSource source = i % 2 == 0 ? StatementSource.BANK : StatementSource.CASH_SLIP;
            // the same line id in two sources is two lines
            deliveries.add(new Delivery(new StatementLineRecorded(source, new StatementLineId("s-" + i / 2),
                    LocalDate.parse("2026-03-02").plusDays(i), Money.parse(i == 3 ? "-40.00" : "100.00"), "R-" + i, "plain",
                    "d1", Instant.parse("2026-03-10T00:00:00Z")), i / 2, Instant.parse("2026-03-10T00:00:00Z"), i));
        }
        return deliveries;
    }

    /** The lines, then s-0 of BANK matched, undone and matched again by hand, and s-1 matched. */
    static List<Delivery> matched() {
        List<Delivery> deliveries = new ArrayList<>(lines());
        Instant at = Instant.parse("2026-03-11T00:00:00Z");
        MatchedPayment payment = new MatchedPayment(new ContractId("c-1"), MatchedKind.DEPOSIT, new PaymentId("p-1"),
                Money.parse("100.00"));
        List<StatementLineId> s0 = List.of(new StatementLineId("s-0"));
        List<Object> events = List.of(
                new PaymentsMatched(StatementSource.BANK, "BANK-M1", List.of(payment), s0, MatchKind.AUTOMATIC, null,
                        "rule", at),
                new MatchUndone(StatementSource.BANK, "BANK-M1", List.of(payment), s0, "wrong", at),
                new PaymentsMatched(StatementSource.BANK, "BANK-M2", List.of(payment), s0, MatchKind.MANUAL, null,
                        "checked", at),
                new PaymentsMatched(StatementSource.BANK, "BANK-M3", List.of(payment), List.of(new StatementLineId("s-1")),
                        MatchKind.MANUAL, null, "checked", at));
        for (Object event : events) {
            deliveries.add(new Delivery(event, deliveries.size(), at, deliveries.size()));
        }
        return deliveries;
    }

    @Test
    void a_line_shows_the_match_that_settles_it_now_whatever_the_batches() {
        List<Document> one = fed(matched(), 1);
        assertThat(one).extracting(d -> d.getString("matchId")).containsExactly("BANK-M2", "BANK-M3", null, null);
        assertThat(fed(matched(), matched().size())).isEqualTo(one);
        assertThat(fed(matched(), 3)).isEqualTo(one);
    }

    static List<Document> fed(List<Delivery> deliveries, int batch) {
        MongoTemplate mongo = InMemoryMongo.freshDatabase("statement-lines");
        StatementLinesProjection projection = new StatementLinesProjection();
        for (int from = 0; from < deliveries.size(); from += batch) {
            ReadModelWrites writes = new ReadModelWrites();
            projection.apply(new Batch(deliveries.subList(from, Math.min(deliveries.size(), from + batch)), mongo, false),
                    writes);
            writes.flush(mongo);
        }
        List<Document> documents = new ArrayList<>();
        mongo.getCollection(StatementLinesProjection.STATEMENT_LINES).find().sort(new Document("_id", 1))
                .forEach(documents::add);
        return documents;
    }

    @Test
    void each_line_is_one_document_under_its_source_and_id() {
        List<Document> documents = fed(lines(), 1);
        assertThat(documents).extracting(d -> d.getString("_id"))
                .containsExactly("BANK:s-0", "BANK:s-1", "CASH_SLIP:s-0", "CASH_SLIP:s-1");
        Document refund = documents.get(3);
        assertThat(refund.get("amount").toString()).isEqualTo("-40.00");
        assertThat(refund.getString("day")).isEqualTo("2026-03-05");
        assertThat(refund.getLong("position")).isEqualTo(3);
    }

    @Test
    void every_line_delivered_twice_in_any_batches_changes_nothing() {
        List<Delivery> doubled = new ArrayList<>();
        lines().forEach(d -> {
            doubled.add(d);
            doubled.add(d);
        });
        List<Document> once = fed(lines(), 1);
        assertThat(fed(doubled, 1)).isEqualTo(once);
        assertThat(fed(doubled, doubled.size())).isEqualTo(once);
    }
}
