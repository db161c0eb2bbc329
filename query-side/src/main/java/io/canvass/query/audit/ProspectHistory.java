package io.canvass.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canvass.events.Identifier;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.SealedText;
import io.canvass.platform.privacy.PersonalDataCipher;
import io.canvass.platform.web.NotFound;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A prospect's history for the auditor, with its personal fields opened by the prospect's key, or
 * shown as {@value #ERASED} once they were erased. No read model holds personal data: this is the
 * one place the query side shows it, opened at answer time, so an erasure takes effect everywhere
 * the moment its key is gone.
 */
@Component
class ProspectHistory {

    static final String ERASED = "[erased]";
    private static final String[] PERSONAL_FIELDS = {"contactName", "contactPhone"};

    private final ContractHistory history;
    private final JdbcTemplate eventStore;

    ProspectHistory(ContractHistory history, JdbcTemplate eventStore) {
        this.history = history;
        this.eventStore = eventStore;
    }

    record Opened(List<ContractHistory.StoredEvent> events, boolean erased) {
    }

    Opened events(String prospectId) {
        if (!Identifier.isValid(prospectId)) {
            throw new NotFound("no prospect " + prospectId + " is recorded");
        }
        List<ContractHistory.StoredEvent> stored = history.stream(new ProspectId(prospectId).streamId());
        if (stored.isEmpty()) {
            throw new NotFound("no prospect " + prospectId + " is recorded");
        }
        Optional<byte[]> key = key(prospectId);
        boolean erased = stored.stream().anyMatch(e -> e.type().equals("PersonalDataErased"));
        List<ContractHistory.StoredEvent> opened = new ArrayList<>();
        for (ContractHistory.StoredEvent event : stored) {
            if (!event.type().equals("ProspectRecorded")) {
                opened.add(event);
                continue;
            }
            ObjectNode payload = event.payload().deepCopy();
            for (String field : PERSONAL_FIELDS) {
                JsonNode value = payload.get(field);
                if (value != null && value.isTextual()) {
                    payload.put(field, open(prospectId, field, stored(event.revision(), value.asText()), key, erased));
                }
            }
            opened.add(new ContractHistory.StoredEvent(event.sequence(), event.position(), event.type(), event.revision(),
                    event.eventId(), event.occurredAt(), event.recordedAt(), payload, event.metadata(), event.chainHash()));
        }
        return new Opened(opened, erased);
    }

    /** Revision 1 stored personal fields as plain text; revision 2 sealed. */
    private static SealedText stored(String revision, String text) {
        return "1".equals(revision) ? SealedText.clear(text) : new SealedText(text);
    }

    private static String open(String prospectId, String field, SealedText sealed, Optional<byte[]> key, boolean erased) {
        if (erased || sealed.isSealed() && key.isEmpty()) {
            return ERASED;
        }
        return sealed.isSealed() ? PersonalDataCipher.open(key.get(), prospectId, field, sealed) : sealed.clearText();
    }

    private Optional<byte[]> key(String prospectId) {
        return eventStore.queryForList("select secret from personal_data_key where prospect_id = ?", byte[].class,
                prospectId).stream().findFirst();
    }
}
