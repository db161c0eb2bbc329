package io.canvass.events.contract;

import io.canvass.events.Identifier;
import io.canvass.events.Identifiers;

/** Identifies a Installation; chosen by the client, so that a retry carries the same id. */
public record InstallationId(String value) implements Identifier {

    public InstallationId {
        Identifiers.requireValid(value, "InstallationId");
    }

    @Override
    public String toString() {
        return value;
    }
}
