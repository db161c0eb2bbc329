package io.canvass.platform.axon;

import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

import java.util.HashMap;
import java.util.Map;

/**
 * The metadata every event carries: who did it (the authenticated user and role, never a field
 * of the body), the correlation id of the request, the command that caused it, and the reason
 * where the command has one.
 */
public final class EventMetadata {

    public static final String USER_ID = "userId";
    public static final String ROLE = "role";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    public static final String REASON = "reason";

    /** Who records what no person sent: the events of deadlines. */
    public static final String SYSTEM_USER = "canvass";
    public static final String SYSTEM_ROLE = "SYSTEM";

    private EventMetadata() {
    }

    /** The metadata of an event the system records by itself (a deadline), with why. */
    public static Map<String, Object> bySystem(String reason) {
        return Map.of(USER_ID, SYSTEM_USER, ROLE, SYSTEM_ROLE, REASON, reason);
    }

    /** Copies the command's metadata onto the events it causes; the command itself is the cause. */
    public static final class Provider implements CorrelationDataProvider {

        @Override
        public Map<String, ?> correlationDataFor(Message<?> message) {
            Map<String, Object> data = new HashMap<>();
            for (String key : new String[] {USER_ID, ROLE, CORRELATION_ID, REASON}) {
                Object value = message.getMetaData().get(key);
                if (value != null) {
                    data.put(key, value);
                }
            }
            data.put(CAUSATION_ID, message.getIdentifier());
            return data;
        }
    }
}
