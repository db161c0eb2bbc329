package io.canvass.events;

import io.canvass.events.campaign.CampaignEvent;
import io.canvass.events.contract.ContractEvent;
import io.canvass.events.contract.ContractFollowUp;
import io.canvass.events.period.PeriodEvent;
import io.canvass.events.prospect.ProspectEvent;
import io.canvass.events.settlement.StatementEvent;
import io.canvass.events.territory.DistrictEvent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every event type Canvass stores, found from the sealed event interfaces, by stored name.
 * Both sides serialize with these names, so the event table never holds a Java class name.
 */
public final class EventTypes {

    private static final Map<String, Class<?>> BY_NAME;

    static {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> root : new Class<?>[] {DistrictEvent.class, ProspectEvent.class, ContractEvent.class,
                ContractFollowUp.class, CampaignEvent.class, StatementEvent.class,
                PeriodEvent.class}) {
            for (Class<?> type : root.getPermittedSubclasses()) {
                EventType annotation = type.getAnnotation(EventType.class);
                if (annotation == null) {
                    throw new IllegalStateException(type.getName() + " has no @EventType");
                }
                if (byName.put(annotation.name(), type) != null) {
                    throw new IllegalStateException("two event types are stored as " + annotation.name());
                }
            }
        }
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private EventTypes() {
    }

    /** Every stored name with its class, in a stable order. */
    public static Map<String, Class<?>> all() {
        return BY_NAME;
    }

    /** The stored identity of a class, or empty for anything that is not one of our events. */
    public static Optional<EventType> of(Class<?> type) {
        return Optional.ofNullable(type.getAnnotation(EventType.class))
                .filter(annotation -> BY_NAME.get(annotation.name()) == type);
    }

    /** The class stored under a name, or empty when the name is not one of our events. */
    public static Optional<Class<?>> forName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
