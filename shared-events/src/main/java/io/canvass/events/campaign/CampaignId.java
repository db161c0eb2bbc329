package io.canvass.events.campaign;

import io.canvass.events.Identifier;
import io.canvass.events.StreamIdentifier;

/** Identifies a Campaign; chosen by the manager who plans it, so that a retry carries the same id. */
public record CampaignId(String value) implements StreamIdentifier {

    /** Prefix of this aggregate type's stream ids in the event store. */
    public static final String STREAM = "campaign:";

    public CampaignId {
        Identifier.requireValid(value, "CampaignId");
    }

    @Override
    public String streamId() {
        return STREAM + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
