package io.canvass.query.profit;

import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.contract.ContractEvent;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.Fact;
import io.canvass.query.ledger.LedgerProjection;
import io.canvass.query.engine.Batch;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.engine.Projector.Delivery;
import io.canvass.query.engine.ReadModel;
import io.canvass.query.engine.ReadModelWrites;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code channel_days} collection: one document per channel and local day, keyed
 * {@code CHANNEL|yyyy-MM-dd}. Each contract contributes under its own keys: to its signing day
 * (units, value and outstanding while live), to each installation's day (units and the net profit
 * at the rate in force that day, so a later change of rate never rewrites it), to each payment's
 * day (its amount after corrections) and to its cancellation day (the refund).
 */
@Component
public class ProfitProjection implements ReadModel {

    public static final String COLLECTION = "channel_days";
    public static final String TOTALS = "totals";

    /**
     * A day's totals, kept beside its contributions in the same writes (under the {@code rev}
     * guard), so that a dashboard reads the totals only: contracts signed, their units, value and
     * outstanding; units installed and their net profit; collected (payments less refunds).
     */
    public static final ReadModelWrites.Summary DAY_TOTALS = new ReadModelWrites.Summary() {

        @Override
        public Set<String> reads(Map<String, Object> set, Set<String> unset) {
            Set<String> reads = new TreeSet<>(set.keySet());
            reads.addAll(unset);
            reads.add(TOTALS);
            return reads;
        }

        @Override
        public Set<String> guards(Map<String, Object> set, Set<String> unset) {
            return Set.of("rev");
        }

        @Override
        public List<String> deletedWhenEmpty() {
            return List.of("signed", "installed", "payments", "refunds");
        }

        @Override
        public boolean derive(Document stored, Map<String, Object> set, Set<String> unset) {
            Document totals = Bson.sub(stored, TOTALS);
            int contracts = Bson.integer(totals, "contracts");
            int unitsSigned = Bson.integer(totals, "unitsSigned");
            int unitsInstalled = Bson.integer(totals, "unitsInstalled");
            Money revenue = Bson.money(totals, "revenue");
            Money outstanding = Bson.money(totals, "outstanding");
            Money netProfit = Bson.money(totals, "netProfit");
            Money collected = Bson.money(totals, "collected");
            boolean changed = false;
            List<String> touched = new ArrayList<>(set.keySet());
            touched.addAll(unset);
            for (String path : touched) {
                Object before = Bson.at(stored, path);
                Object after = set.get(path);
                if (Objects.equals(before, after)) {
                    continue;
                }
                changed = true;
                if (path.startsWith("signed.")) {
                    for (int sign : new int[] {-1, 1}) {
                        Document entry = (Document) (sign < 0 ? before : after);
                        if (entry != null) {
                            contracts += sign;
                            unitsSigned += sign * Bson.integer(entry, "units");
                            revenue = add(revenue, sign, Bson.money(entry, "value"));
                            outstanding = add(outstanding, sign, Bson.money(entry, "outstanding"));
                        }
                    }
                } else if (path.startsWith("installed.")) {
                    for (int sign : new int[] {-1, 1}) {
                        Document entry = (Document) (sign < 0 ? before : after);
                        if (entry != null) {
                            unitsInstalled += sign * Bson.integer(entry, "units");
                            netProfit = add(netProfit, sign, Bson.money(entry, "netProfit"));
                        }
                    }
                } else if (path.startsWith("payments.")) {
                    collected = collected.minus(Bson.money(before)).plus(Bson.money(after));
                } else if (path.startsWith("refunds.")) {
                    collected = collected.plus(Bson.money(before)).minus(Bson.money(after));
                }
            }
            if (!changed) {
                return false;
            }
            set.put(TOTALS, new Document("contracts", contracts).append("unitsSigned", unitsSigned)
                    .append("revenue", Bson.money(revenue)).append("outstanding", Bson.money(outstanding))
                    .append("unitsInstalled", unitsInstalled).append("netProfit", Bson.money(netProfit))
                    .append("collected", Bson.money(collected)));
            Object revision = stored.get("rev");
            set.put("rev", revision == null ? 1L : ((Number) revision).longValue() + 1);
            return true;
        }

        private static Money add(Money total, int sign, Money amount) {
            return sign < 0 ? total.minus(amount) : total.plus(amount);
        }
    };

    private final CanvassSettings settings;

    public ProfitProjection(CanvassSettings settings) {
        this.settings = settings;
    }

    static String dayId(Channel channel, LocalDate date) {
        return channel.name() + "|" + date;
    }

    /** Sets the contributions that the contract's latest fact changed. */
    public void contract(ReadModelWrites writes, ContractLedger ledger, Fact latest) {
        ContractLedger.Figures now = ledger.now();
        String contract = Bson.key(ledger.contractId());
        String signedDay = day(writes, ledger.channel(), ledger.signing().occurredAt());
        if (now.live()) {
            writes.set(COLLECTION, signedDay, "signed." + contract, new Document("units", ledger.units())
                    .append("value", Bson.money(ledger.contractValue()))
                    .append("outstanding", Bson.money(now.outstanding())));
        } else {
            writes.unset(COLLECTION, signedDay, "signed." + contract);
        }
        switch (latest.kind()) {
            case INSTALLATION -> {
                LocalDate day = settings.localDate(latest.occurredAt());
                Money profit = settings.profit().perUnit(ledger.channel(), day).times(latest.units());
                writes.set(COLLECTION, day(writes, ledger.channel(), latest.occurredAt()),
                        "installed." + contract + "~" + Bson.key(latest.ref()),
                        new Document("units", latest.units()).append("netProfit", Bson.money(profit)));
            }
            case DEPOSIT, BALANCE -> payment(writes, ledger, now, latest);
            case CORRECTION -> ledger.facts().stream()
                    .filter(fact -> (fact.kind() == Fact.Kind.DEPOSIT || fact.kind() == Fact.Kind.BALANCE)
                            && fact.ref().equals(latest.paymentRef()))
                    .findFirst()
                    .ifPresent(payment -> payment(writes, ledger, now, payment));
            case CANCELLED -> writes.set(COLLECTION, day(writes, ledger.channel(), latest.occurredAt()),
                    "refunds." + contract, Bson.money(latest.amount()));
            case SIGNED -> {
                // the signing day's contribution is set above
            }
        }
    }

    private void payment(ReadModelWrites writes, ContractLedger ledger, ContractLedger.Figures now, Fact payment) {
        Money amount = payment.kind() == Fact.Kind.DEPOSIT ? now.deposits().get(payment.ref())
                : now.balances().get(payment.ref());
        writes.set(COLLECTION, day(writes, ledger.channel(), payment.occurredAt()),
                "payments." + Bson.key(ledger.contractId()) + "~" + Bson.key(payment.ref()), Bson.money(amount));
    }

    /** The id of the channel's document for the local day of {@code occurredAt}, created with its keys. */
    private String day(ReadModelWrites writes, Channel channel, Instant occurredAt) {
        LocalDate day = settings.localDate(occurredAt);
        String id = dayId(channel, day);
        writes.onInsert(COLLECTION, id, "channel", channel.name()).onInsert(COLLECTION, id, "date", day.toString());
        return id;
    }

    @Override
    public List<String> collections() {
        return List.of(COLLECTION);
    }

    @Override
    public Map<String, ReadModelWrites.Summary> summaries() {
        return Map.of(COLLECTION, DAY_TOTALS);
    }

    @Override
    public void apply(Batch batch, ReadModelWrites writes) {
        for (Delivery delivery : batch.deliveries()) {
            if (delivery.event() instanceof ContractEvent) {
                ContractLedger ledger = LedgerProjection.ledgers(batch).after(delivery);
                contract(writes, ledger, ledger.facts().stream()
                        .filter(fact -> fact.sequence() == delivery.sequence())
                        .findFirst()
                        .orElse(ledger.signing()));
            }
        }
    }
}
