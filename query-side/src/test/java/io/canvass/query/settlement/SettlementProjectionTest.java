package io.canvass.query.settlement;

import io.canvass.events.Money;
import io.canvass.events.contract.BalanceCollected;
import io.canvass.events.contract.ContractCancelled;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.DepositCollected;
import io.canvass.events.contract.PaymentCorrected;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentKind;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.settlement.MatchKind;
import io.canvass.events.settlement.MatchProposed;
import io.canvass.events.settlement.MatchUndone;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.events.settlement.MatchedPayment;
import io.canvass.events.settlement.PaymentsMatched;
import io.canvass.events.settlement.StatementLineId;
import io.canvass.events.settlement.StatementSource;
import io.canvass.query.engine.Batch;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.engine.Projector.Delivery;
import io.canvass.query.engine.ReadModelWrites;
import io.canvass.query.support.InMemoryMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Payments and matches fed straight into the settlement projection: the same documents whatever the batches and redeliveries. */
class SettlementProjectionTest {

    static final Instant T = Instant.parse("2026-03-01T17:30:00Z"); // 01:30 on 2 March in Shanghai
    static final ContractId C1 = new ContractId("c-1");
    static final ContractId C2 = new ContractId("c-2");

    static List<Delivery> scenario() {
        MatchedPayment deposit = new MatchedPayment(C1, MatchedKind.DEPOSIT, new PaymentId("p-1"), Money.parse("400.00"));
        List<StatementLineId> line = List.of(new StatementLineId("s-1"));
        List<Object> events = List.of(
                new DepositCollected(C1, new PaymentId("p-1"), Money.parse("40.00"), PaymentMethod.CASH, "R-1", T),
                new PaymentCorrected(C1, "fix-1", new PaymentId("p-1"), PaymentKind.DEPOSIT, Money.parse("40.00"),
                        Money.parse("400.00"), "typo", T),
                new BalanceCollected(C1, new PaymentId("b-1"), Money.parse("900.00"), PaymentMethod.ALIPAY, "R-2", T),
                new DepositCollected(C2, new PaymentId("p-2"), Money.parse("100.00"), PaymentMethod.CASH, "R-3", T),
                new ContractCancelled(C2, "closed", Money.parse("100.00"), T),
                new MatchProposed(StatementSource.CASH_SLIP, "CASH_SLIP-P1", List.of(deposit), line, "maybe", T),
                new PaymentsMatched(StatementSource.CASH_SLIP, "CASH_SLIP-M1", List.of(deposit), line, MatchKind.CONFIRMED,
                        "CASH_SLIP-P1", "yes", T),
                new MatchUndone(StatementSource.CASH_SLIP, "CASH_SLIP-M1", List.of(deposit), line, "no", T),
                new PaymentsMatched(StatementSource.CASH_SLIP, "CASH_SLIP-M2", List.of(deposit), line, MatchKind.MANUAL,
                        null, "yes after all", T));
        // this projection reads no sequence number: each event's position serves as one
        List<Delivery> deliveries = new ArrayList<>();
        for (Object event : events) {
            deliveries.add(new Delivery(event, deliveries.size(), T, deliveries.size()));
        }
        return deliveries;
    }

    static Map<String, List<Document>> fed(List<Delivery> deliveries, int batch) {
        MongoTemplate mongo = InMemoryMongo.freshDatabase("settlement");
        SettlementProjection projection = new SettlementProjection(new CanvassSettings(null, null, null, null, null, null));
        for (int from = 0; from < deliveries.size(); from += batch) {
            ReadModelWrites writes = new ReadModelWrites();
            projection.apply(new Batch(deliveries.subList(from, Math.min(deliveries.size(), from + batch)), mongo, false),
                    writes);
            writes.flush(mongo);
        }
        Map<String, List<Document>> collections = new LinkedHashMap<>();
        for (String name : projection.collections()) {
            List<Document> documents = new ArrayList<>();
            mongo.getCollection(name).find().sort(new Document("_id", 1)).forEach(documents::add);
            collections.put(name, documents);
        }
        return collections;
    }

    @Test
    void each_payment_keeps_its_local_day_its_amount_as_corrected_and_the_match_that_settles_it_now() {
        Map<String, List<Document>> read = fed(scenario(), 1);
        List<Document> payments = read.get(SettlementProjection.PAYMENTS);
        assertThat(payments).extracting(d -> d.getString("_id"))
                .containsExactly("c-1/BALANCE/b-1", "c-1/DEPOSIT/p-1", "c-2/DEPOSIT/p-2", "c-2/REFUND");
        Document deposit = payments.get(1);
        assertThat(deposit.getString("day")).isEqualTo("2026-03-02");
        assertThat(Bson.money(deposit, "correctedAmount")).isEqualTo(Money.parse("400.00"));
        assertThat(deposit.getString("matchId")).isEqualTo("CASH_SLIP-M2");
        assertThat(payments.get(0).getString("matchId")).isNull();
        assertThat(Bson.money(payments.get(3), "collectedAmount")).isEqualTo(Money.parse("-100.00"));
        assertThat(read.get(SettlementProjection.MATCHES)).extracting(d -> d.getString("_id") + " " + d.getBoolean("undone"))
                .containsExactly("CASH_SLIP-M1 true", "CASH_SLIP-M2 false", "CASH_SLIP-P1 false");
    }

    @Test
    void any_batches_and_every_event_twice_leave_the_same_documents() {
        Map<String, List<Document>> once = fed(scenario(), 1);
        List<Delivery> doubled = new ArrayList<>();
        scenario().forEach(d -> {
            doubled.add(d);
            doubled.add(d);
        });
        assertThat(fed(scenario(), scenario().size())).isEqualTo(once);
        assertThat(fed(scenario(), 4)).isEqualTo(once);
        assertThat(fed(doubled, 1)).isEqualTo(once);
        assertThat(fed(doubled, doubled.size())).isEqualTo(once);
    }
}
