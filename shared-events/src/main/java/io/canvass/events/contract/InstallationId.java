package io.canvass.events.contract;

import io.canvass.events.Identifier;

/** Identifies a Installation; chosen by the client, so that a retry carries the same id. */
public record InstallationId(String value) implements Identifier {

    public InstallationId {
        Identifier.requireValid(value, "InstallationId");
    }

    @Override
    public String toString() {
        return value;
    }
}
