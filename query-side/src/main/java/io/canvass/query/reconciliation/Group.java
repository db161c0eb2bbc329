package io.canvass.query.reconciliation;

import io.canvass.events.Channel;
import io.canvass.query.platform.Bson;

/**
 * What reconciliation totals are kept by: a channel and a salesperson. Stored as one key,
 * {@code CHANNEL|salesperson}, made and read only here.
 */
record Group(Channel channel, String salespersonId) {

    String key() {
        return channel.name() + "|" + Bson.key(salespersonId);
    }

    static Group of(String key) {
        int bar = key.indexOf('|');
        return new Group(Channel.valueOf(key.substring(0, bar)), Bson.unkey(key.substring(bar + 1)));
    }

    /** Whether the report's filters (each null for all) select this group. */
    boolean selectedBy(Channel channelFilter, String salespersonFilter) {
        return (channelFilter == null || channelFilter == channel)
                && (salespersonFilter == null || salespersonFilter.equals(salespersonId));
    }
}
