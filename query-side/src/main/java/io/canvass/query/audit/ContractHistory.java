package io.canvass.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canvass.events.Identifier;
import io.canvass.events.contract.ContractEvent;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractSigned;
import io.canvass.platform.audit.EventChain;
import io.canvass.platform.axon.CanvassSerializer;
import io.canvass.platform.json.CanvassJson;
import io.canvass.platform.web.NotFound;
import io.canvass.query.ledger.ContractLedger;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A contract's history read from the event store itself, not from a projection, so it is complete
 * even while the read models are behind. Each event shows its hash in the store's one chain
 * ({@link EventChain}), sealed moments after the event committed (null until then), which
 * {@code /api/audit/verify} checks against the signed digests.
 */
@Component
public class ContractHistory {

    private static final ObjectMapper JSON = CanvassJson.eventMapper();

    private final JdbcTemplate eventStore;
    private final CanvassSerializer serializer = new CanvassSerializer();

    ContractHistory(JdbcTemplate eventStore) {
        this.eventStore = eventStore;
    }

    /** One stored event as the auditor sees it. */
    public record StoredEvent(long sequence, long position, String type, String revision, String eventId,
                              Instant occurredAt, Instant recordedAt, JsonNode payload, JsonNode metadata,
                              String chainHash) {
    }

    public List<StoredEvent> events(String contractId) {
        if (!Identifier.isValid(contractId)) {
            throw new NotFound("no contract " + contractId + " is recorded");
        }
        List<StoredEvent> events = stream(new ContractId(contractId).streamId());
        if (events.isEmpty()) {
            throw new NotFound("no contract " + contractId + " is recorded");
        }
        return events;
    }

    /** Every event of one stream, in order, as stored; empty when the stream does not exist. */
    public List<StoredEvent> stream(String streamId) {
        List<StoredEvent> events = new ArrayList<>();
        eventStore.query("select e.sequence_number, e.global_index, e.payload_type, e.payload_revision,"
                        + " e.event_identifier, e.time_stamp, e.payload, e.meta_data, c.chain_hash from domain_event_entry e"
                        + " left join event_chain c on c.global_index = e.global_index"
                        + " where e.aggregate_identifier = ? order by e.sequence_number",
                row -> {
                    byte[] metadata = row.getBytes("meta_data");
                    JsonNode payloadJson = read(row.getBytes("payload"));
                    events.add(new StoredEvent(row.getLong("sequence_number"), row.getLong("global_index"),
                            row.getString("payload_type"), row.getString("payload_revision"),
                            row.getString("event_identifier"),
                            payloadJson.hasNonNull("occurredAt") ? Instant.parse(payloadJson.get("occurredAt").asText()) : null,
                            Instant.parse(row.getString("time_stamp")), payloadJson,
                            metadata == null ? JSON.createObjectNode() : read(metadata),
                            EventChain.hex(row.getBytes("chain_hash"))));
                }, streamId);
        return events;
    }

    /** The contract as the system knew it at an instant: its events recorded up to then, folded. */
    public Optional<ContractLedger> asRecordedAt(String contractId, Instant instant) {
        ContractLedger ledger = null;
        for (StoredEvent stored : events(contractId)) {
            if (stored.recordedAt().isAfter(instant)) {
                break;
            }
            if (!(event(stored) instanceof ContractEvent event)) {
                continue; // a follow-up recorded by a deadline changes none of the contract's figures
            }
            ledger = ledger == null
                    ? ContractLedger.signed((ContractSigned) event, stored.sequence(), stored.position(), stored.recordedAt())
                    : ledger.with(event, stored.sequence(), stored.position(), stored.recordedAt());
        }
        return Optional.ofNullable(ledger);
    }

    /** A stored event read back as its type. */
    public Object event(StoredEvent stored) {
        return serializer.deserialize(new SimpleSerializedObject<>(
                stored.payload().toString(), String.class, new SimpleSerializedType(stored.type(), stored.revision())));
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
