package io.canvass.query.settlement;

import io.canvass.events.Money;
import io.canvass.events.settlement.StatementLineId;
import io.canvass.events.settlement.StatementLineRecorded;
import io.canvass.events.settlement.StatementSource;
import io.canvass.query.platform.Batch;
import io.canvass.query.platform.Projector.Delivery;
import io.canvass.query.platform.ReadModelWrites;
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
