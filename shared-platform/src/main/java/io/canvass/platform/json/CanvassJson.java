package io.canvass.platform.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.canvass.events.Identifier;
import io.canvass.events.Money;
import io.canvass.events.prospect.SealedText;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Function;

/**
 * How Canvass values look in JSON, in events and on the wire alike: money as a string with two
 * decimals ({@code "460.00"}), identifiers as plain strings, instants as ISO-8601 UTC.
 */
public final class CanvassJson {

    private CanvassJson() {
    }

    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("canvass-values");
        module.addSerializer(Money.class, new JsonSerializer<>() {
            @Override
            public void serialize(Money value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        module.addSerializer(Identifier.class, new JsonSerializer<>() {
            @Override
            public void serialize(Identifier value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.value());
            }
        });
        module.addSerializer(SealedText.class, new JsonSerializer<>() {
            @Override
            public void serialize(SealedText value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.value());
            }
        });
        IdentifierDeserializers deserializers = new IdentifierDeserializers();
        deserializers.addDeserializer(Money.class, fromText(Money.class, Money::parse));
        deserializers.addDeserializer(SealedText.class, fromText(SealedText.class, SealedText::new));
        module.setDeserializers(deserializers);
        return module;
    }

    /** The mapper for stored events and metadata: stable, and tolerant of fields added later. */
    public static ObjectMapper eventMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
    }

    /**
     * Every {@link Identifier} is read from its text through its one-string constructor, which
     * checks it: a new identifier type needs nothing here.
     */
    private static final class IdentifierDeserializers extends SimpleDeserializers {

        @Override
        public JsonDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config, BeanDescription bean)
                throws JsonMappingException {
            JsonDeserializer<?> registered = super.findBeanDeserializer(type, config, bean);
            if (registered != null) {
                return registered;
            }
            Class<?> raw = type.getRawClass();
            if (!Identifier.class.isAssignableFrom(raw) || raw.isInterface()) {
                return null;
            }
            Constructor<?> constructor;
            try {
                constructor = raw.getDeclaredConstructor(String.class);
            } catch (NoSuchMethodException e) {
                return null;
            }
            return fromText(raw, text -> construct(constructor, text));
        }

        private static Object construct(Constructor<?> constructor, String text) {
            try {
                return constructor.newInstance(text);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IllegalArgumentException invalid) {
                    throw invalid;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static <T> JsonDeserializer<T> fromText(Class<?> type, Function<String, T> parse) {
        return new JsonDeserializer<>() {
            @Override
            public Class<?> handledType() {
                return type;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                String text = parser.getValueAsString();
                if (text == null) {
                    return (T) context.handleUnexpectedToken(handledType(), parser);
                }
                try {
                    return parse.apply(text);
                } catch (IllegalArgumentException e) {
                    throw context.weirdStringException(text, handledType(), e.getMessage());
                }
            }
        };
    }
}
