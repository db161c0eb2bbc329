package io.canvass.platform.axon;

import io.canvass.events.EventType;
import io.canvass.events.EventTypes;
import io.canvass.platform.json.CanvassJson;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import java.util.Optional;

/**
 * Axon's Jackson serializer, storing our events under their {@link EventType} name and revision
 * instead of the Java class name: moving or renaming a class never orphans stored history.
 * Everything else (tokens, snapshots, Axon's own types) is stored as Axon would.
 */
public class CanvassSerializer extends JacksonSerializer {

    public CanvassSerializer() {
        super(JacksonSerializer.builder().objectMapper(CanvassJson.eventMapper()));
    }

    @Override
    public SerializedType typeForClass(Class type) {
        Optional<EventType> eventType = type == null ? Optional.empty() : EventTypes.of(type);
        return eventType.<SerializedType>map(it -> new SimpleSerializedType(it.name(), it.revision()))
                .orElseGet(() -> super.typeForClass(type));
    }

    /** Our events by their stored name, without asking the class loaders (which search the nested jars every time). */
    @Override
    public Class classForType(SerializedType serializedType) {
        Optional<Class<?>> event = EventTypes.forName(serializedType.getName());
        return event.isPresent() ? event.get() : super.classForType(serializedType);
    }

    @Override
    protected String resolveClassName(SerializedType serializedType) {
        return EventTypes.forName(serializedType.getName())
                .map(Class::getName)
                .orElseGet(() -> super.resolveClassName(serializedType));
    }
}
