package io.canvass.platform.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * ContractSigned revision 2 names the campaign the contract counts for; revision 1 was written
 * before campaigns existed, so it reads as revision 2 with no campaign. Nothing stored changes.
 */
public class ContractSignedUpcaster extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_1 = new SimpleSerializedType("ContractSigned", "1");
    static final SimpleSerializedType REVISION_2 = new SimpleSerializedType("ContractSigned", "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, ContractSignedUpcaster::upcast);
    }

    static JsonNode upcast(JsonNode payload) {
        ObjectNode upcast = payload.deepCopy();
        if (!upcast.has("campaignId")) {
            upcast.putNull("campaignId");
        }
        return upcast;
    }
}
