package io.canvass.platform.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canvass.events.prospect.SealedText;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * ProspectRecorded revision 1 stored the contact's name and phone as plain text; revision 2 stores
 * them sealed. A revision-1 event reads as revision 2 with those fields marked as recorded in the
 * clear ({@link SealedText#clear}): nothing stored is changed, and readers know they cannot be
 * erased from the store (only hidden, after a PersonalDataErased).
 */
public class ProspectRecordedUpcaster extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_1 = new SimpleSerializedType("ProspectRecorded", "1");
    static final SimpleSerializedType REVISION_2 = new SimpleSerializedType("ProspectRecorded", "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, ProspectRecordedUpcaster::upcast);
    }

    static JsonNode upcast(JsonNode payload) {
        ObjectNode upcast = payload.deepCopy();
        for (String field : new String[] {"contactName", "contactPhone"}) {
            JsonNode value = upcast.get(field);
            if (value != null && value.isTextual()) {
                upcast.put(field, SealedText.CLEAR + value.asText());
            }
        }
        return upcast;
    }
}
