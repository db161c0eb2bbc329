package io.canvass.query.quota;

import io.canvass.events.contract.ContractEvent;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.query.ledger.ContractLedger;
import io.canvass.query.ledger.LedgerProjection;
import io.canvass.query.engine.Batch;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.engine.Projector.Delivery;
import io.canvass.query.engine.ReadModel;
import io.canvass.query.engine.ReadModelWrites;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.List;

/**
 * The {@code quota_days} collection: one document per salesperson and local day, keyed
 * {@code salespersonId|yyyy-MM-dd}, holding each live contract signed that day under its own key.
 * A cancellation removes the contract from the day it was signed. {@code salespeople} lists
 * everyone who has filed work, so that a day without signings shows as 0.
 */
@Component
public class QuotaProjection implements ReadModel {

    public static final String DAYS = "quota_days";
    public static final String SALESPEOPLE = "salespeople";

    private final CanvassSettings settings;

    public QuotaProjection(CanvassSettings settings) {
        this.settings = settings;
    }

    static String dayId(String salespersonId, LocalDate date) {
        return salespersonId + "|" + date;
    }

    public void salesperson(ReadModelWrites writes, String salespersonId) {
        writes.onInsert(SALESPEOPLE, salespersonId, "salespersonId", salespersonId);
    }

    public void contract(ReadModelWrites writes, ContractLedger ledger) {
        salesperson(writes, ledger.salespersonId());
        LocalDate signedOn = settings.localDate(ledger.signing().occurredAt());
        String day = dayId(ledger.salespersonId(), signedOn);
        String field = "contracts." + Bson.key(ledger.contractId());
        writes.onInsert(DAYS, day, "salespersonId", ledger.salespersonId()).onInsert(DAYS, day, "date", signedOn.toString());
        if (ledger.now().live()) {
            writes.set(DAYS, day, field, new Document("units", ledger.units()).append("channel", ledger.channel().name()));
        } else {
            writes.unset(DAYS, day, field);
        }
    }

    @Override
    public List<String> collections() {
        return List.of(DAYS, SALESPEOPLE);
    }

    @Override
    public void apply(Batch batch, ReadModelWrites writes) {
        for (Delivery delivery : batch.deliveries()) {
            if (delivery.event() instanceof ProspectRecorded prospect) {
                salesperson(writes, prospect.salespersonId().value());
            } else if (delivery.event() instanceof ContractEvent) {
                contract(writes, LedgerProjection.ledgers(batch).after(delivery));
            }
        }
    }
}
