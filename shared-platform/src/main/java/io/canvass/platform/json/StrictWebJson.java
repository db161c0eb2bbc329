package io.canvass.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * What a request body may be, on both apps (events are forever: what gets in must be something
 * every reader can handle): a key given twice is refused, not silently won by one of them; a count
 * is a JSON integer, never {@code 1.5} (once stored as 1) or {@code "2"}; an id or a text is a JSON
 * string, never a number made into one; an enum is its name, never its ordinal; money is a JSON
 * string (docs/api.md#conventions: {@code "460.00"}), never a JSON number; and no text holds a
 * control character (NUL, which PostgreSQL refuses, or any other but tab, line feed and carriage
 * return) or half of a surrogate pair; a date is {@code YYYY-MM-DD}, not an instant. The mapper for stored events stays tolerant: it must read
 * whatever history holds.
 */
public final class StrictWebJson {

    private StrictWebJson() {
    }

    public static Jackson2ObjectMapperBuilderCustomizer customizer() {
        return builder -> builder
                .featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .featuresToEnable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .featuresToDisable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .postConfigurer(mapper -> {
                    mapper.registerModule(new SimpleModule("canvass-strict-values")
                            .addDeserializer(String.class, new StrictText())
                            .addDeserializer(BigDecimal.class, new MoneyText()));
                    // a calendar date is YYYY-MM-DD, never an instant whose time is dropped
                    mapper.configOverride(java.time.LocalDate.class)
                            .setFormat(com.fasterxml.jackson.annotation.JsonFormat.Value.forLeniency(false));
                    // an id or a text is a JSON string, never a number or a boolean made into one
                    mapper.coercionConfigFor(LogicalType.Textual)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                    mapper.coercionConfigFor(LogicalType.Integer)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                    mapper.coercionConfigFor(LogicalType.Float)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                });
    }

    /** Why a text is refused, or null when it is fine. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F)) {
                return "must not contain control characters (found U+" + String.format("%04X", (int) c) + ")";
            }
            if (Character.isHighSurrogate(c) && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                return "must be valid Unicode text (a lone surrogate was found)";
            }
        }
        return null;
    }

    /** Money in a request: a JSON string holding a decimal number. */
    private static final class MoneyText extends StdScalarDeserializer<BigDecimal> {

        MoneyText() {
            super(BigDecimal.class);
        }

        @Override
        public BigDecimal deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (BigDecimal) context.handleUnexpectedToken(BigDecimal.class, parser);
            }
            String text = parser.getText().strip();
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw context.weirdStringException(text, BigDecimal.class, "not a decimal number");
            }
        }
    }

    private static final class StrictText extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = super.deserialize(parser, context);
            String problem = text == null ? null : problem(text);
            if (problem != null) {
                throw new RejectedText(parser, problem);
            }
            return text;
        }
    }
}
