package io.canvass.query.coverage;

import io.canvass.query.platform.Bson;
import io.canvass.query.engine.ReadModelWrites;
import io.canvass.query.support.InMemoryMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** A street's totals always agree with its contributions, whatever the order and whoever writes at the same time. */
class StreetTotalsTest {


    static final String STREET = "d-1|s-1";

    static MongoTemplate fresh() {
        return InMemoryMongo.freshDatabase("street-totals");
    }

    static ReadModelWrites writes() {
        return new ReadModelWrites(Map.of(CoverageProjection.STREETS, CoverageProjection.STREET_TOTALS));
    }

    static void contract(ReadModelWrites writes, String contract, String prospect, int units, int installed, boolean live) {
        writes.set(CoverageProjection.STREETS, STREET, "contracts." + contract, new Document("prospectId", prospect)
                .append("units", units).append("unitsInstalled", installed).append("live", live));
    }

    static Document totals(MongoTemplate mongo) {
        return mongo.getCollection(CoverageProjection.STREETS).find().first().get(CoverageProjection.TOTALS, Document.class);
    }

    @Test
    void a_prospect_with_two_contracts_is_converted_once_until_both_are_cancelled() {
        MongoTemplate mongo = fresh();
        writes().set(CoverageProjection.STREETS, STREET, "prospects.p-1", 1).set(CoverageProjection.STREETS, STREET,
                "prospects.p-2", 1).flush(mongo);
        ReadModelWrites first = writes();
        contract(first, "c-1", "p-1", 2, 0, true);
        first.flush(mongo);
        ReadModelWrites second = writes();
        contract(second, "c-2", "p-1", 1, 1, true);
        second.flush(mongo);
        assertThat(totals(mongo)).isEqualTo(new Document("prospects", 2).append("contracts", 2).append("unitsSigned", 3)
                .append("unitsInstalled", 1).append("converted", 1));

        ReadModelWrites cancelOne = writes();
        contract(cancelOne, "c-1", "p-1", 2, 0, false);
        cancelOne.flush(mongo);
        assertThat(totals(mongo).getInteger("converted")).isEqualTo(1);
        assertThat(totals(mongo).getInteger("contracts")).isEqualTo(1);

        ReadModelWrites cancelOther = writes();
        contract(cancelOther, "c-2", "p-1", 1, 1, false);
        cancelOther.flush(mongo);
        assertThat(totals(mongo)).isEqualTo(new Document("prospects", 2).append("contracts", 0).append("unitsSigned", 0)
                .append("unitsInstalled", 1).append("converted", 0));
    }

    @Test
    void the_same_writes_again_change_no_total() {
        MongoTemplate mongo = fresh();
        for (int i = 0; i < 3; i++) {
            ReadModelWrites writes = writes();
            writes.set(CoverageProjection.STREETS, STREET, "prospects.p-1", 1);
            contract(writes, "c-1", "p-1", 2, 1, true);
            writes.flush(mongo);
        }
        assertThat(totals(mongo)).isEqualTo(new Document("prospects", 1).append("contracts", 1).append("unitsSigned", 2)
                .append("unitsInstalled", 1).append("converted", 1));
    }

    /** Two segments write the same street at once (their contracts share prospects): no total is lost. */
    @Test
    void concurrent_writers_never_lose_a_change() throws Exception {
        MongoTemplate mongo = fresh();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        for (String writer : List.of("a", "b")) {
            running.add(writers.submit(() -> {
                Random random = new Random(writer.hashCode());
                for (int batch = 0; batch < 150; batch++) {
                    ReadModelWrites writes = writes();
                    for (int k = 0; k < 3; k++) {
                        int n = random.nextInt(20);
                        String prospect = "p-" + n % 5;
                        writes.set(CoverageProjection.STREETS, STREET, "prospects." + prospect, 1);
                        // a contract's own values only ever come from its own writer, as with Axon's segments
                        contract(writes, writer + "-" + n, prospect, 1 + n % 3, random.nextInt(2), random.nextBoolean());
                    }
                    writes.flush(mongo);
                }
                return null;
            }));
        }
        for (Future<?> writer : running) {
            writer.get();
        }
        writers.shutdown();

        Document street = mongo.getCollection(CoverageProjection.STREETS).find().first();
        int contracts = 0;
        int unitsSigned = 0;
        int unitsInstalled = 0;
        Set<String> converted = new HashSet<>();
        for (Object value : Bson.sub(street, "contracts").values()) {
            Document contract = (Document) value;
            unitsInstalled += contract.getInteger("unitsInstalled");
            if (contract.getBoolean("live")) {
                contracts++;
                unitsSigned += contract.getInteger("units");
                converted.add(contract.getString("prospectId"));
            }
        }
        assertThat(street.get(CoverageProjection.TOTALS, Document.class)).isEqualTo(new Document("prospects",
                Bson.sub(street, "prospects").size()).append("contracts", contracts).append("unitsSigned", unitsSigned)
                .append("unitsInstalled", unitsInstalled).append("converted", converted.size()));
    }
}
