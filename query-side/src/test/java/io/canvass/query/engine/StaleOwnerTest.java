package io.canvass.query.engine;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.canvass.query.coverage.CoverageProjection;
import io.canvass.query.ledger.LedgerProjection;
import io.canvass.query.ledger.LedgerStore;
import io.canvass.query.engine.Projector.Delivery;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.profit.ProfitProjection;
import io.canvass.query.quota.QuotaProjection;
import io.canvass.query.reconciliation.ReconciliationLines;
import io.canvass.query.reconciliation.ReconciliationProjection;
import io.canvass.query.support.InMemoryMongo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two query sides on one MongoDB, each through its own client. Instance A takes a batch of its
 * segment and is held just before one of its writes is sent (as SIGSTOP holds a process: nothing of
 * it runs, what it read stays in its memory); its claim times out and instance B, which takes the
 * segment over, applies that batch and the events that come after it (commands flow meanwhile);
 * then A resumes and sends what it had worked out. Held in turn before each of its writes (the
 * ledgers, each collection's bulk write, each retry), A leaves every read model exactly as a fresh
 * build of the same events does.
 * <p>
 * Holding the thread in the driver's command listener is the same as stopping the process for the
 * read models: what matters is which writes land in between, and the claim timeout only decides
 * when B may start; Axon's side of it (A's token update refused once its claim is gone) is Axon's
 * and not re-tested here. It runs in-process because every hold point of the batch is swept, which
 * a process stopped at a random moment would reach only by chance.
 */
class StaleOwnerTest {

    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

    /** Holds the thread that sends the {@code at}-th write command until released. */
    static final class Hold implements CommandListener {
        final int at;
        int writes;
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);

        Hold(int at) {
            this.at = at;
        }

        @Override
        public void commandStarted(CommandStartedEvent event) {
            if (WRITES.contains(event.getCommandName()) && ++writes == at) {
                held.countDown();
                try {
                    resume.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static final CanvassSettings SETTINGS = new CanvassSettings(null, null, null, null, null);

    static List<ReadModel> readModels(MongoTemplate mongo, ReadModelLimits limits) throws Exception {
        ReconciliationLines lines = new ReconciliationLines(SETTINGS);
        return List.of(new LedgerProjection(new LedgerStore(mongo, limits), SETTINGS), new CoverageProjection(),
                new QuotaProjection(SETTINGS), new ProfitProjection(SETTINGS), new ReconciliationProjection(lines, SETTINGS),
                packagePrivate("io.canvass.query.prospects.ProspectsProjection"),
                packagePrivate("io.canvass.query.settlement.SettlementProjection"));
    }

    static ReadModel packagePrivate(String name) throws Exception {
        var constructor = Class.forName(name).getDeclaredConstructor(CanvassSettings.class);
        constructor.setAccessible(true);
        return (ReadModel) constructor.newInstance(SETTINGS);
    }

    static Projector projector(MongoTemplate mongo) throws Exception {
        ReadModelLimits limits = new ReadModelLimits(new SimpleMeterRegistry());
        return new Projector(mongo, readModels(mongo, limits), new DeadLetters(mongo, Clock.systemUTC(),
                new SimpleMeterRegistry()), SETTINGS, limits);
    }

    static void deliver(Projector projector, List<Delivery> deliveries, int size) {
        for (int from = 0; from < deliveries.size(); from += size) {
            projector.apply(deliveries.subList(from, Math.min(deliveries.size(), from + size)));
        }
    }

    static List<String> collections() throws Exception {
        List<String> names = new ArrayList<>();
        readModels(null, null).forEach(readModel -> names.addAll(readModel.collections()));
        return names;
    }

    @Test
    void an_instance_resumed_after_losing_its_segment_leaves_what_a_fresh_build_gives() throws Exception {
        List<Delivery> all = ProjectionsTest.randomContracts(11, 24);
        int committed = all.size() * 2 / 5;
        List<Delivery> held = all.subList(committed, committed + 20);
        MongoTemplate rebuilt = InMemoryMongo.freshDatabase("stale-owner-rebuilt");
        deliver(projector(rebuilt), all, 500);
        var expected = ProjectionsTest.dump(rebuilt, collections());

        int holds = 0;
        for (int at = 1; ; at++) {
            MongoTemplate shared = InMemoryMongo.freshDatabase("stale-owner");
            Projector b = projector(shared);
            deliver(b, all.subList(0, committed), 50);
            Hold hold = new Hold(at);
            Projector a = projector(InMemoryMongo.otherClient(shared, hold));
            CompletableFuture<Void> stale = CompletableFuture.runAsync(() -> a.apply(held));
            while (!hold.held.await(10, TimeUnit.MILLISECONDS) && !stale.isDone()) {
                Thread.onSpinWait();
            }
            if (stale.isDone()) {
                stale.join();
                break; // A's batch sends fewer writes than this: every hold point has been tried
            }
            holds++;
            deliver(b, all.subList(committed, all.size()), 25);
            hold.resume.countDown();
            try {
                stale.join();
            } catch (CompletionException lost) {
                // A learnt that its ledgers were overtaken and stopped the batch: that is the other right outcome
                assertThat(lost.getCause()).as("held before write " + at).isInstanceOf(ReadModelWriteConflict.class);
            }
            assertThat(ProjectionsTest.dump(shared, collections())).as("held before write " + at).isEqualTo(expected);
        }
        assertThat(holds).as("hold points swept").isGreaterThan(5);
    }
}
