package io.canvass.query.campaigns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canvass.events.EventType;
import io.canvass.events.EventTypes;
import io.canvass.events.campaign.CampaignEvent;
import io.canvass.events.contract.ContractFollowUp;
import io.canvass.platform.json.CanvassJson;
import io.canvass.query.engine.Batch;
import io.canvass.query.engine.Projector.Delivery;
import io.canvass.query.engine.ReadModel;
import io.canvass.query.engine.ReadModelWrites;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Two small collections of whole event streams, each event under its own sequence number (so a
 * redelivery sets what is there already), folded when read:
 * {@code campaigns}, one document per campaign with its events (folded into a
 * {@link io.canvass.events.campaign.CampaignPlan}); and {@code follow_ups}, one document per
 * contract that a deadline flagged, with its follow-up events.
 */
@Component
public class CampaignProjection implements ReadModel {

    public static final String CAMPAIGNS = "campaigns";
    public static final String FOLLOW_UPS = "follow_ups";

    static final ObjectMapper JSON = CanvassJson.eventMapper();

    @Override
    public List<String> collections() {
        return List.of(CAMPAIGNS, FOLLOW_UPS);
    }

    @Override
    public void apply(Batch batch, ReadModelWrites writes) {
        for (Delivery delivery : batch.deliveries()) {
            if (delivery.event() instanceof CampaignEvent event) {
                String id = event.campaignId().value();
                writes.set(CAMPAIGNS, id, "events." + delivery.sequence(), stored(event, delivery));
            } else if (delivery.event() instanceof ContractFollowUp event) {
                String id = event.contractId().value();
                writes.onInsert(FOLLOW_UPS, id, "contractId", id);
                writes.set(FOLLOW_UPS, id, "events." + delivery.sequence(), stored(event, delivery));
            }
        }
    }

    private static Document stored(Object event, Delivery delivery) {
        EventType type = EventTypes.of(event.getClass()).orElseThrow();
        try {
            return new Document("type", type.name()).append("position", delivery.position())
                    .append("json", JSON.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events of a stored document, in sequence order. */
    static <E> List<E> events(Document document, Class<E> root) {
        Document events = document.get("events", Document.class);
        List<E> read = new ArrayList<>();
        if (events == null) {
            return read;
        }
        events.keySet().stream().sorted((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b))).forEach(key -> {
            Document stored = events.get(key, Document.class);
            Class<?> type = EventTypes.forName(stored.getString("type")).orElseThrow();
            try {
                read.add(root.cast(JSON.readValue(stored.getString("json"), type)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
        return read;
    }
}
