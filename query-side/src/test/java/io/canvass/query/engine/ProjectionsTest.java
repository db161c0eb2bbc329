package io.canvass.query.engine;

import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.contract.BalanceCollected;
import io.canvass.events.contract.ContractCancelled;
import io.canvass.events.contract.ContractEvent;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.contract.ContractStatus;
import io.canvass.events.contract.DepositCollected;
import io.canvass.events.contract.InstallationId;
import io.canvass.events.contract.PaymentCorrected;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentKind;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.contract.UnitsInstalled;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.query.coverage.CoverageProjection;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.LedgerProjection;
import io.canvass.query.ledger.LedgerStore;
import io.canvass.query.engine.Projector.Delivery;
import io.canvass.query.profit.ProfitProjection;
import io.canvass.query.quota.QuotaProjection;
import io.canvass.query.reconciliation.Reconciliation;
import io.canvass.query.reconciliation.ReconciliationLines;
import io.canvass.query.reconciliation.ReconciliationProjection;
import io.canvass.query.reconciliation.Totals;
import io.canvass.query.support.InMemoryMongo;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.platform.Bson;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Feeds events straight into the projections and reads the read models back: once, every event
 * twice, and a whole stretch redelivered (a crash between the read-model writes and the token),
 * which must all leave exactly the same documents.
 */
public class ProjectionsTest {


    static final Instant SIGNED_AT = Instant.parse("2026-02-28T17:30:00Z"); // 01:30 on 1 March in Shanghai
    static final DistrictId D1 = new DistrictId("d-1");
    static final StreetId S1 = new StreetId("s-1");
    static final StreetId S2 = new StreetId("s-2");

    static List<Delivery> scenario() {
        ContractId c1 = new ContractId("c-1");
        ContractId c2 = new ContractId("c-2");
        List<Object> events = List.of(
                new DistrictPlanned(D1, "Harbin", "Daoli", List.of(new PlannedStreet(S1, "Jiefang Rd"),
                        new PlannedStreet(S2, "Renmin Rd"), new PlannedStreet(new StreetId("s-3"), "Zhongyang St")), SIGNED_AT),
                prospect("p-1", S1), prospect("p-2", S1), prospect("p-3", S2),
                signed(c1, "p-1", 2), signed(c2, "p-3", 1),
                new DepositCollected(c1, new PaymentId("pay-1"), Money.parse("40.00"), PaymentMethod.CASH, "R1",
                        Instant.parse("2026-03-01T03:00:00Z")),
                new PaymentCorrected(c1, "fix-1", new PaymentId("pay-1"), PaymentKind.DEPOSIT, Money.parse("40.00"),
                        Money.parse("400.00"), "typed 40 for 400", Instant.parse("2026-03-01T04:00:00Z")),
                new UnitsInstalled(c1, new InstallationId("i-1"), 1, new UserId("installer"), "D1",
                        Instant.parse("2026-03-02T03:00:00Z")),
                new BalanceCollected(c1, new PaymentId("bal-1"), Money.parse("300.00"), PaymentMethod.CASH, "R2",
                        Instant.parse("2026-03-02T04:00:00Z")),
                new DepositCollected(c2, new PaymentId("pay-2"), Money.parse("100.00"), PaymentMethod.CASH, "R3",
                        Instant.parse("2026-03-01T05:00:00Z")),
                new ContractCancelled(c2, "salon closed", Money.parse("100.00"), Instant.parse("2026-03-03T02:00:00Z")));
        Map<String, Long> sequences = new LinkedHashMap<>();
        List<Delivery> deliveries = new ArrayList<>();
        long position = 0;
        for (Object event : events) {
            String stream = event instanceof ContractEvent contract ? contract.contractId().streamId()
                    : event instanceof ProspectRecorded prospect ? prospect.prospectId().streamId() : "district:d-1";
            long sequence = sequences.merge(stream, 1L, Long::sum) - 1;
            deliveries.add(new Delivery(event, sequence, Instant.parse("2026-03-10T00:00:00Z").plusSeconds(position),
                    position++));
        }
        return deliveries;
    }

    static ProspectRecorded prospect(String id, StreetId street) {
        return new ProspectRecorded(new ProspectId(id), Channel.HAIR_SALON, "Salon " + id, D1, street, id + " Rd", null,
                null, new UserId("sales1"), SIGNED_AT);
    }

    static ContractSigned signed(ContractId id, String prospect, int units) {
        return new ContractSigned(id, new ProspectId(prospect), Channel.HAIR_SALON, D1,
                prospect.equals("p-3") ? S2 : S1, new UserId("sales1"), ContractKind.SALE, units, Money.parse("1000.00"),
                Money.parse("400.00"), SIGNED_AT);
    }

    record ReadModels(MongoTemplate mongo, LedgerStore ledgers, Projector projector, Reconciliation reconciliation) {

        /** Delivers the events in batches of {@code size}, as Axon's processor hands them over. */
        void deliver(List<Delivery> deliveries, int size) {
            for (int from = 0; from < deliveries.size(); from += size) {
                projector.apply(deliveries.subList(from, Math.min(deliveries.size(), from + size)));
            }
        }

        void deliver(List<Delivery> deliveries) {
            deliver(deliveries, 1);
        }
    }

    static ReadModels readModels() {
        MongoTemplate mongo = InMemoryMongo.freshDatabase("projections");
        CanvassSettings settings = new CanvassSettings(null, null, null, null, null, null);
        LedgerStore ledgers = new LedgerStore(mongo);
        ReconciliationLines lines = new ReconciliationLines(settings);
        Reconciliation reconciliation = new Reconciliation(ledgers, lines, settings, mongo);
        return new ReadModels(mongo, ledgers, new Projector(mongo, List.of(new LedgerProjection(ledgers, settings),
                new CoverageProjection(), new QuotaProjection(settings), new ProfitProjection(settings),
                new ReconciliationProjection(lines, settings)), new DeadLetters(mongo, java.time.Clock.systemUTC(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), settings), reconciliation);
    }

    /** Every read model's documents, as a rebuild or a retry must leave them (what depends on batching left out). */
    public static Map<String, List<Document>> dump(MongoTemplate mongo) {
        Map<String, List<Document>> collections = new LinkedHashMap<>();
        for (String name : List.of(LedgerStore.COLLECTION, CoverageProjection.DISTRICTS, CoverageProjection.STREETS, QuotaProjection.DAYS,
                QuotaProjection.SALESPEOPLE, ProfitProjection.COLLECTION, ReconciliationProjection.DAYS,
                ReconciliationProjection.MONTHS, io.canvass.query.prospects.ProspectsProjection.PROSPECTS)) {
            List<Document> documents = new ArrayList<>();
            // "rev" counts a document's writes (the guard of its totals), so it depends on how events were batched;
            // so does whether a map emptied by an unset is there as {} or not at all (every reader takes both as empty)
            mongo.getCollection(name).find().sort(new Document("_id", 1)).forEach(document -> {
                document.remove("rev");
                document.values().removeIf(value -> value instanceof Document map && map.isEmpty());
                documents.add(document);
            });
            collections.put(name, documents);
        }
        return collections;
    }

    static ReadModels fed(Consumer<ReadModels> feeding) {
        ReadModels models = readModels();
        feeding.accept(models);
        return models;
    }

    /**
     * A generation built in bulk (large chunks, nobody else writing: writes by _id alone, without
     * guards) holds exactly what the processor's small batches leave, wherever the chunks cut a
     * contract's events.
     */
    @Test
    void a_bulk_build_in_chunks_of_any_size_gives_what_incremental_batches_give() {
        ReadModels incremental = fed(m -> m.deliver(scenario(), 2));
        for (int chunk : List.of(1, 3, 7, 1_000)) {
            ReadModels bulk = fed(m -> {
                List<Delivery> all = scenario();
                for (int from = 0; from < all.size(); from += chunk) {
                    m.projector().apply(m.mongo(), all.subList(from, Math.min(all.size(), from + chunk)), true);
                }
            });
            assertThat(dump(bulk.mongo())).as("chunks of " + chunk).isEqualTo(dump(incremental.mongo()));
        }
    }

    @Test
    void batches_of_any_size_give_the_same_documents() {
        ReadModels one = fed(m -> m.deliver(scenario()));
        for (int size : new int[] {2, 3, 5, scenario().size()}) {
            ReadModels batched = fed(m -> m.deliver(scenario(), size));
            assertThat(dump(batched.mongo())).as("batches of " + size).isEqualTo(dump(one.mongo()));
        }
        assertThat(dump(one.mongo()).get(LedgerStore.COLLECTION)).hasSize(2);
    }

    @Test
    void every_event_delivered_twice_changes_nothing() {
        ReadModels once = fed(m -> m.deliver(scenario()));
        List<Delivery> doubled = new ArrayList<>();
        scenario().forEach(d -> {
            doubled.add(d);
            doubled.add(d);
        });
        ReadModels twiceEach = fed(m -> m.deliver(doubled));
        ReadModels twiceInOneBatch = fed(m -> m.deliver(doubled, doubled.size()));
        assertThat(dump(twiceEach.mongo())).isEqualTo(dump(once.mongo()));
        assertThat(dump(twiceInOneBatch.mongo())).isEqualTo(dump(once.mongo()));
    }

    @Test
    void a_stretch_redelivered_after_a_crash_changes_nothing() {
        ReadModels once = fed(m -> m.deliver(scenario(), 3));
        List<Delivery> all = scenario();
        ReadModels replayed = fed(m -> {
            m.deliver(all, 4);
            m.deliver(all.subList(4, all.size()), 3);
        });
        assertThat(dump(replayed.mongo())).isEqualTo(dump(once.mongo()));
    }

    @Test
    void a_crash_after_the_ledgers_and_before_the_dashboards_is_repaired_by_the_redelivery() {
        ReadModels once = fed(m -> m.deliver(scenario(), 4));
        Map<String, ContractLedger> finalLedgers = once.ledgers().findAll(List.of("c-1", "c-2"));
        // the batch stored its ledgers, then the process died before the dashboard writes and the token
        ReadModels crashed = fed(m -> {
            m.ledgers().store(m.mongo(), Map.of(), finalLedgers.values(), false);
            m.deliver(scenario(), 4);
        });
        assertThat(dump(crashed.mongo())).isEqualTo(dump(once.mongo()));
    }

    @Test
    void aggregates_may_arrive_interleaved_in_any_order() {
        ReadModels once = fed(m -> m.deliver(scenario()));
        List<Delivery> all = scenario();
        // per aggregate in order (as Axon guarantees), but contracts before the district and prospects
        List<Delivery> reordered = new ArrayList<>(all.subList(4, all.size()));
        reordered.addAll(all.subList(0, 4));
        ReadModels shuffled = fed(m -> m.deliver(reordered, 3));
        assertThat(dump(shuffled.mongo())).isEqualTo(dump(once.mongo()));
    }

    /**
     * In one large batch (a bulk build's chunk), a stream's events before its first parked one are
     * applied: c-1 is signed in the batch, then one of its events cannot be read; another contract's
     * failure makes the projector look event by event. c-1 keeps its signing, the rest waits.
     */
    @Test
    void in_one_large_batch_a_streams_events_before_its_parked_one_are_applied() {
        List<Delivery> all = scenario();
        Delivery signing = all.get(4);
        Delivery deposit = all.get(6); // c-1's deposit, stored so that it cannot be read
        Delivery unreadable = new Delivery(null, deposit.sequence(), deposit.recordedAt(), deposit.position(),
                deposit.streamId(), deposit.eventId(), "Contract event", "the stored event cannot be read: test");
        Delivery orphan = new Delivery(all.get(10).event(), 5, signing.recordedAt(), 101); // c-2's deposit, c-2 never signed here
        List<Delivery> batch = new ArrayList<>(all.subList(0, 5));
        batch.add(unreadable);
        batch.add(all.get(7)); // c-1's correction: behind the unreadable deposit, it waits
        batch.add(orphan);
        ReadModels models = readModels();
        models.projector().apply(models.mongo(), batch, true);
        List<Document> contracts = dump(models.mongo()).get(LedgerStore.COLLECTION);
        assertThat(contracts).extracting(d -> d.getString("_id")).containsExactly("c-1");
        assertThat(((List<?>) contracts.get(0).get("facts"))).hasSize(1);
        List<String> parked = new ArrayList<>();
        models.mongo().getCollection(DeadLetters.COLLECTION).find().sort(new Document("position", 1))
                .forEach(d -> parked.add(d.getString("stream") + "@" + d.getLong("position")));
        assertThat(parked).containsExactly(signing.streamId() + "@" + deposit.position(),
                signing.streamId() + "@" + all.get(7).position(), "contract:c-2@101");
    }

    @Test
    void a_contract_event_without_its_signing_is_parked_and_the_rest_of_the_batch_applied() {
        List<Delivery> all = scenario();
        ReadModels models = readModels();
        List<Delivery> orphan = List.of(all.get(0), all.get(6)); // the district, then a deposit on an unknown contract
        models.projector().apply(orphan);
        assertThat(dump(models.mongo()).get(CoverageProjection.DISTRICTS)).hasSize(1);
        assertThat(dump(models.mongo()).get("contracts")).isEmpty();
        List<Document> parked = new ArrayList<>();
        models.mongo().getCollection(DeadLetters.COLLECTION).find().forEach(parked::add);
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).getString("stream")).isEqualTo(all.get(6).streamId());
        assertThat(parked.get(0).getString("error")).contains("no signing");
        // and a failure of MongoDB itself parks nothing: the batch fails, to be handled again
        MongoTemplate gone = new MongoTemplate(com.mongodb.client.MongoClients.create(
                com.mongodb.MongoClientSettings.builder().applyToClusterSettings(c -> c.serverSelectionTimeout(200,
                        java.util.concurrent.TimeUnit.MILLISECONDS)).applyConnectionString(
                        new com.mongodb.ConnectionString("mongodb://localhost:1")).build()), "nowhere");
        Projector unreachable = new Projector(gone, List.of(new CoverageProjection()), new DeadLetters(models.mongo(),
                java.time.Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                new CanvassSettings(null, null, null, null, null, null));
        assertThatThrownBy(() -> unreachable.apply(List.of(all.get(0)))).isInstanceOf(RuntimeException.class);
        assertThat(models.mongo().getCollection(DeadLetters.COLLECTION).countDocuments()).isEqualTo(1);
    }

    @Test
    void the_read_models_hold_the_figures_of_the_events() {
        ReadModels models = fed(m -> m.deliver(scenario(), 5));
        Map<String, List<Document>> read = dump(models.mongo());

        Document plan = read.get(CoverageProjection.DISTRICTS).get(0);
        assertThat(plan.get("streets", Document.class)).hasSize(3);
        List<Document> streets = read.get(CoverageProjection.STREETS);
        // a street's contributions are spread over a few documents, a prospect and its contracts in the same one
        assertThat(streets).extracting(street -> street.getString("_id")).allMatch(id -> id.matches("d-1\\|s-[12]#[0-7]"));
        assertThat(streets.stream().filter(street -> street.getString("streetId").equals("s-1"))
                .mapToInt(street -> street.get("prospects", Document.class).size()).sum()).isEqualTo(2);
        Document s2 = streets.stream().filter(street -> street.getString("streetId").equals("s-2")).findFirst().orElseThrow();
        assertThat(s2.get("prospects", Document.class)).containsOnlyKeys("p-3");
        Document c2 = s2.get("contracts", Document.class).get("c-2", Document.class);
        assertThat(c2.getBoolean("live")).as("cancelled").isFalse();

        // signed at 01:30 Shanghai on 1 March, which is still 28 February in UTC; the cancelled contract drops out
        Document day = read.get(QuotaProjection.DAYS).get(0);
        assertThat(day.getString("_id")).isEqualTo("sales1|2026-03-01");
        assertThat(day.get("contracts", Document.class)).containsOnlyKeys("c-1");

        Reconciliation.Report report = models.reconciliation().asOf(LocalDate.parse("2026-03-31"), null, null);
        ReconciliationLines.Line c1 = report.lines().get(0);
        assertThat(c1.status()).isEqualTo(ContractStatus.INSTALLING);
        assertThat(c1.depositCollected()).isEqualTo(Money.parse("400.00"));
        assertThat(c1.balanceCollected()).isEqualTo(Money.parse("300.00"));
        assertThat(c1.outstanding()).isEqualTo(Money.parse("1300.00"));
        ReconciliationLines.Line cancelled = report.lines().get(1);
        assertThat(cancelled.status()).isEqualTo(ContractStatus.CANCELLED);
        assertThat(cancelled.refunded()).isEqualTo(Money.parse("100.00"));
        assertThat(cancelled.outstanding()).isEqualTo(Money.ZERO);
        assertThat(report.totals().collected()).isEqualTo(Money.parse("700.00"));

        // as of 1 March only the (corrected) deposits count: the correction happened that day
        Reconciliation.Report early = models.reconciliation().asOf(LocalDate.parse("2026-03-01"), null, null);
        assertThat(early.lines().get(0).depositCollected()).isEqualTo(Money.parse("400.00"));
        assertThat(early.lines().get(0).status()).isEqualTo(ContractStatus.DEPOSIT_PAID);
        assertThat(early.lines().get(1).status()).isEqualTo(ContractStatus.SIGNED);
        assertThat(early.totals().collected()).isEqualTo(Money.parse("500.00"));
    }

    /** Random contracts of several channels and salespeople, each with some of its possible facts, in field time. */
    static List<Delivery> randomContracts(long seed, int count) {
        java.util.Random random = new java.util.Random(seed);
        Channel[] channels = {Channel.HAIR_SALON, Channel.PHOTO_STUDIO, Channel.HOTEL};
        List<List<Object>> histories = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ContractId id = new ContractId("r-" + i);
            Instant signedAt = Instant.parse("2026-03-01T02:00:00Z").plusSeconds(86_400L * random.nextInt(40));
            int units = 1 + random.nextInt(3);
            Money required = Money.of(400L * units);
            List<Object> history = new ArrayList<>();
            history.add(new ContractSigned(id, new ProspectId("rp-" + i), channels[random.nextInt(channels.length)], D1, S1,
                    new UserId("sales" + (1 + random.nextInt(3))), ContractKind.SALE, units, Money.of(1000), required, signedAt));
            Instant at = signedAt;
            boolean installed = false;
            Money collected = Money.ZERO;
            if (random.nextInt(4) > 0) {
                at = at.plusSeconds(86_400L * random.nextInt(3));
                Money deposit = random.nextInt(5) == 0 ? Money.of(100) : required;
                history.add(new DepositCollected(id, new PaymentId("d-" + i), deposit, PaymentMethod.CASH, "R" + i, at));
                collected = deposit;
                if (random.nextInt(4) == 0) {
                    // some corrections come late, in a later month than the deposit they correct
                    at = at.plusSeconds(86_400L * (random.nextBoolean() ? random.nextInt(10) : 30 + random.nextInt(30)));
                    Money corrected = random.nextBoolean() ? required : Money.of(50);
                    history.add(new PaymentCorrected(id, "fix-" + i, new PaymentId("d-" + i), PaymentKind.DEPOSIT, deposit,
                            corrected, "typed wrong", at));
                    collected = corrected;
                }
                if (random.nextInt(3) > 0) {
                    at = at.plusSeconds(86_400L * random.nextInt(45));
                    history.add(new UnitsInstalled(id, new InstallationId("i-" + i), units, new UserId("installer"), "D" + i, at));
                    installed = true;
                    if (random.nextBoolean()) {
                        at = at.plusSeconds(86_400L * random.nextInt(50));
                        history.add(new BalanceCollected(id, new PaymentId("b-" + i), Money.of(1000L * units).minus(required),
                                PaymentMethod.CASH, "B" + i, at));
                    }
                }
            }
            if (!installed && random.nextInt(4) == 0) {
                at = at.plusSeconds(86_400L * random.nextInt(20));
                // a cancellation refunds what was collected; now and then one does not (MONEY_ON_CANCELLED)
                history.add(new ContractCancelled(id, "changed their mind", random.nextInt(5) == 0 ? Money.ZERO : collected, at));
            }
            histories.add(history);
        }
        // interleave the contracts' histories, each in its own order, as the event store does
        List<Delivery> deliveries = new ArrayList<>();
        int[] next = new int[count];
        long position = 0;
        while (deliveries.size() < histories.stream().mapToInt(List::size).sum()) {
            int c = random.nextInt(count);
            if (next[c] < histories.get(c).size()) {
                deliveries.add(new Delivery(histories.get(c).get(next[c]), next[c], Instant.parse("2026-06-01T00:00:00Z")
                        .plusSeconds(position), position++));
                next[c]++;
            }
        }
        return deliveries;
    }

    @Test
    void reconciliation_pages_agree_with_folding_every_ledger_on_every_day() {
        List<Delivery> deliveries = randomContracts(7, 40);
        // half the events first, and pages read (the months' totals are remembered), then the rest
        ReadModels models = fed(m -> m.deliver(deliveries.subList(0, deliveries.size() / 2), 7));
        Reconciliation reconciliation = models.reconciliation();
        for (LocalDate day = LocalDate.parse("2026-03-15"); day.isBefore(LocalDate.parse("2026-07-15")); day = day.plusDays(10)) {
            assertThat(reconciliation.page(day, null, null, 0, 500).totals()).as(day.toString())
                    .isEqualTo(reconciliation.asOf(day, null, null).totals());
        }
        models.deliver(deliveries.subList(deliveries.size() / 2, deliveries.size()), 7);
        for (LocalDate day = LocalDate.parse("2026-02-27"); day.isBefore(LocalDate.parse("2026-07-15")); day = day.plusDays(1)) {
            for (Object[] filter : new Object[][] {{null, null}, {Channel.PHOTO_STUDIO, null}, {null, "sales2"},
                    {Channel.HOTEL, "sales3"}, {null, "nobody"}}) {
                Channel channel = (Channel) filter[0];
                String salesperson = (String) filter[1];
                Reconciliation.Report folded = reconciliation.asOf(day, channel, salesperson);
                Reconciliation.PageOf paged = reconciliation.page(day, channel, salesperson, 0, 500);
                String what = day + " " + channel + " " + salesperson;
                assertThat(paged.totals()).as(what).isEqualTo(folded.totals());
                assertThat(paged.byChannel()).as(what).isEqualTo(folded.byChannel());
                assertThat(paged.bySalesperson()).as(what).isEqualTo(folded.bySalesperson());
                assertThat(paged.lines()).as(what).isEqualTo(folded.lines());
                assertThat(paged.totalLines()).as(what).isEqualTo(folded.lines().size());
            }
        }
        Reconciliation.Report end = reconciliation.asOf(LocalDate.parse("2026-07-14"), null, null);
        assertThat(end.totals().flagged()).as("the random histories raise flags").isPositive();
        assertThat(reconciliation.page(LocalDate.parse("2026-07-14"), null, null, 1, 15).lines())
                .isEqualTo(end.lines().subList(15, 30));
    }

    /**
     * docs/domain.md#reconciliation-totals: reconciliation, profit and coverage agree on contracts and
     * value for the same span, and on the money collected as of every day (a corrected payment counts
     * on its own day in both).
     */
    @Test
    void reconciliation_agrees_with_profit_and_coverage_on_random_histories() {
        List<Delivery> deliveries = randomContracts(19, 60);
        assertThat(deliveries).as("the histories have late corrections and cancellations")
                .anyMatch(delivery -> delivery.event() instanceof PaymentCorrected)
                .anyMatch(delivery -> delivery.event() instanceof ContractCancelled);
        ReadModels models = fed(m -> m.deliver(deliveries, 13));
        List<Document> profitDays = new ArrayList<>();
        models.mongo().getCollection(ProfitProjection.COLLECTION).find().forEach(profitDays::add);
        for (LocalDate day = LocalDate.parse("2026-02-27"); day.isBefore(LocalDate.parse("2026-07-20")); day = day.plusDays(1)) {
            Money profitCollected = Money.ZERO;
            for (Document profitDay : profitDays) {
                if (profitDay.getString("date").compareTo(day.toString()) <= 0) {
                    profitCollected = profitCollected.plus(Bson.money(profitDay.get(ProfitProjection.TOTALS, Document.class),
                            "collected"));
                }
            }
            assertThat(models.reconciliation().page(day, null, null, 0, 1).totals().collected()).as(day.toString())
                    .isEqualTo(profitCollected);
        }
        // after the last event, every contract live now was live on the date, and the spans are the same
        Totals end = models.reconciliation().page(LocalDate.parse("2026-07-20"), null, null, 0, 1).totals();
        int profitContracts = 0;
        Money revenue = Money.ZERO;
        for (Document profitDay : profitDays) {
            Document totals = profitDay.get(ProfitProjection.TOTALS, Document.class);
            profitContracts += Bson.integer(totals, "contracts");
            revenue = revenue.plus(Bson.money(totals, "revenue"));
        }
        int coverageContracts = 0;
        for (Document street : models.mongo().getCollection(CoverageProjection.STREETS).find()) {
            coverageContracts += Bson.integer(street.get(CoverageProjection.TOTALS, Document.class), "contracts");
        }
        assertThat(end.lines()).isEqualTo(60);
        assertThat(end.contracts()).isLessThan(60).isEqualTo(profitContracts).isEqualTo(coverageContracts);
        assertThat(end.contractValue()).isEqualTo(revenue);
    }

    @Test
    void reconciliation_totals_survive_redelivery_and_any_batching() {
        List<Delivery> deliveries = randomContracts(11, 25);
        ReadModels once = fed(m -> m.deliver(deliveries, 1));
        ReadModels replayed = fed(m -> {
            m.deliver(deliveries, 9);
            m.deliver(deliveries.subList(deliveries.size() / 3, deliveries.size()), 4);
        });
        assertThat(dump(replayed.mongo())).isEqualTo(dump(once.mongo()));
    }

    @Test
    void each_profit_day_keeps_the_totals_of_its_contributions() {
        List<Delivery> deliveries = randomContracts(3, 40);
        ReadModels models = fed(m -> m.deliver(deliveries, 6));
        List<Document> days = new ArrayList<>();
        models.mongo().getCollection(ProfitProjection.COLLECTION).find().forEach(days::add);
        assertThat(days).hasSizeGreaterThan(5);
        for (Document day : days) {
            int contracts = 0;
            int unitsSigned = 0;
            int unitsInstalled = 0;
            Money revenue = Money.ZERO;
            Money outstanding = Money.ZERO;
            Money netProfit = Money.ZERO;
            Money collected = Money.ZERO;
            for (Object value : Bson.sub(day, "signed").values()) {
                contracts++;
                unitsSigned += Bson.integer((Document) value, "units");
                revenue = revenue.plus(Bson.money((Document) value, "value"));
                outstanding = outstanding.plus(Bson.money((Document) value, "outstanding"));
            }
            for (Object value : Bson.sub(day, "installed").values()) {
                unitsInstalled += Bson.integer((Document) value, "units");
                netProfit = netProfit.plus(Bson.money((Document) value, "netProfit"));
            }
            for (Object amount : Bson.sub(day, "payments").values()) {
                collected = collected.plus(Bson.money(amount));
            }
            for (Object amount : Bson.sub(day, "refunds").values()) {
                collected = collected.minus(Bson.money(amount));
            }
            Document totals = day.get(ProfitProjection.TOTALS, Document.class);
            assertThat(totals).as(day.getString("_id")).isEqualTo(new Document("contracts", contracts)
                    .append("unitsSigned", unitsSigned).append("revenue", Bson.money(revenue))
                    .append("outstanding", Bson.money(outstanding)).append("unitsInstalled", unitsInstalled)
                    .append("netProfit", Bson.money(netProfit)).append("collected", Bson.money(collected)));
        }
    }
}
