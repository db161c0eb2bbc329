package io.canvass.query.profit;

import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.Fact;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.platform.ReadModelWrites;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
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
}
