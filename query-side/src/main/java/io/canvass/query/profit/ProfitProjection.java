package io.canvass.query.profit;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.Fact;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.CanvassSettings;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.LocalDate;

/**
 * The {@code channel_days} collection: one document per channel and local day, keyed
 * {@code CHANNEL|yyyy-MM-dd}. Each contract contributes under its own keys: to its signing day
 * (units, value and outstanding while live), to each installation's day (units and the net profit
 * at the rate in force that day, so a later change of rate never rewrites it), to each payment's
 * day (its amount after corrections) and to its cancellation day (the refund).
 */
@Component
public class ProfitProjection {

    public static final String COLLECTION = "channel_days";

    private final MongoTemplate mongo;
    private final CanvassSettings settings;

    public ProfitProjection(MongoTemplate mongo, CanvassSettings settings) {
        this.mongo = mongo;
        this.settings = settings;
    }

    static String dayId(Channel channel, LocalDate date) {
        return channel.name() + "|" + date;
    }

    /** Sets the contributions that the contract's latest fact changed. */
    public void contract(ContractLedger ledger, Fact latest) {
        ContractLedger.Figures now = ledger.now();
        String contract = Bson.key(ledger.contractId());
        String signedField = "signed." + contract;
        set(ledger.channel(), ledger.signing().occurredAt(), now.live()
                ? Updates.set(signedField, new Document("units", ledger.units())
                        .append("value", Bson.money(ledger.contractValue()))
                        .append("outstanding", Bson.money(now.outstanding())))
                : Updates.unset(signedField));
        switch (latest.kind()) {
            case INSTALLATION -> {
                LocalDate day = settings.localDate(latest.occurredAt());
                Money profit = settings.profit().perUnit(ledger.channel(), day).times(latest.units());
                set(ledger.channel(), latest.occurredAt(), Updates.set("installed." + contract + "~" + Bson.key(latest.ref()),
                        new Document("units", latest.units()).append("netProfit", Bson.money(profit))));
            }
            case DEPOSIT, BALANCE -> payment(ledger, now, latest);
            case CORRECTION -> ledger.facts().stream()
                    .filter(fact -> (fact.kind() == Fact.Kind.DEPOSIT || fact.kind() == Fact.Kind.BALANCE)
                            && fact.ref().equals(latest.paymentRef()))
                    .findFirst()
                    .ifPresent(payment -> payment(ledger, now, payment));
            case CANCELLED -> set(ledger.channel(), latest.occurredAt(),
                    Updates.set("refunds." + contract, Bson.money(latest.amount())));
            case SIGNED -> {
                // the signing day's contribution is set above
            }
        }
    }

    private void payment(ContractLedger ledger, ContractLedger.Figures now, Fact payment) {
        Money amount = payment.kind() == Fact.Kind.DEPOSIT ? now.deposits().get(payment.ref())
                : now.balances().get(payment.ref());
        set(ledger.channel(), payment.occurredAt(), Updates.set("payments." + Bson.key(ledger.contractId()) + "~"
                + Bson.key(payment.ref()), Bson.money(amount)));
    }

    private void set(Channel channel, java.time.Instant occurredAt, org.bson.conversions.Bson update) {
        LocalDate day = settings.localDate(occurredAt);
        mongo.getCollection(COLLECTION).updateOne(Filters.eq("_id", dayId(channel, day)), Updates.combine(
                Updates.setOnInsert("channel", channel.name()),
                Updates.setOnInsert("date", day.toString()),
                update), new UpdateOptions().upsert(true));
    }
}
