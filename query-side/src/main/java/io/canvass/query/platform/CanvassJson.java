package io.canvass.query.platform;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.canvass.events.Identifier;
import io.canvass.events.Identifiers;
import io.canvass.events.Money;

import java.io.IOException;
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
        module.addDeserializer(Money.class, fromText(Money::parse));
        module.addSerializer(Identifier.class, new JsonSerializer<>() {
            @Override
            public void serialize(Identifier value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.value());
            }
        });
        Identifiers.parsers().forEach((type, parser) -> register(module, type, parser));
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

    @SuppressWarnings("unchecked")
    private static <T extends Identifier> void register(SimpleModule module, Class<T> type, Function<String, ?> parser) {
        module.addDeserializer(type, fromText(text -> (T) parser.apply(text)));
    }

    private static <T> JsonDeserializer<T> fromText(Function<String, T> parse) {
        return new JsonDeserializer<>() {
            @Override
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
