package io.canvass.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a generated client may rely on: an answer record writes every component, and none is null
 * unless it says what null means ({@link NullWhen}); a component that Jackson leaves out when
 * empty ({@code @JsonInclude(NON_NULL)}, on it or its record) is the only kind that may be absent.
 *
 * <p>Two steps, because a model does not know whether it is read or written: the converter notes
 * on each record's schema which properties are always written (and makes the {@link NullWhen} ones
 * nullable, with their meaning); {@link #settle} then makes those {@code required} in every schema
 * an answer reaches. A schema only a request body reaches keeps what bean validation requires, and
 * there an optional property may be null (the server reads null as absent).
 */
public final class AnswerShapes implements ModelConverter {

    /** Where the converter leaves its note for {@link #settle}, which removes it. */
    static final String WRITTEN = "x-canvass-always-written";

    @Override
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        if (resolved == null || type.getType() == null) {
            return resolved;
        }
        Class<?> raw = Json.mapper().constructType(type.getType()).getRawClass();
        if (!raw.isRecord()) {
            return resolved;
        }
        Schema<?> model = resolved.get$ref() == null ? resolved
                : context.getDefinedModels().get(resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1));
        if (model == null || model.getProperties() == null) {
            return resolved;
        }
        List<String> written = new ArrayList<>();
        JsonInclude leftOutByRecord = raw.getAnnotation(JsonInclude.class);
        for (RecordComponent component : raw.getRecordComponents()) {
            Field field = field(raw, component);
            String name = jsonName(component, field);
            Schema<?> property = model.getProperties().get(name);
            if (property == null) {
                continue; // not written at all (@JsonIgnore)
            }
            NullWhen nullWhen = component.getAnnotation(NullWhen.class);
            if (nullWhen != null) {
                model.getProperties().put(name, nullable(property, "Null when " + nullWhen.value() + "."));
            }
            JsonInclude leftOut = field != null && field.getAnnotation(JsonInclude.class) != null
                    ? field.getAnnotation(JsonInclude.class) : leftOutByRecord;
            if (component.getType().isPrimitive() || leftOut == null || leftOut.value() == JsonInclude.Include.ALWAYS
                    || leftOut.value() == JsonInclude.Include.USE_DEFAULTS) {
                written.add(name);
            }
        }
        for (Method method : raw.getDeclaredMethods()) {
            // a figure worked out from the components (reconciliation's collected) is written as well
            JsonProperty figure = method.getAnnotation(JsonProperty.class);
            String name = figure == null || figure.value().isEmpty() ? method.getName() : figure.value();
            if (figure != null && method.getParameterCount() == 0 && Modifier.isPublic(method.getModifiers())
                    && !Modifier.isStatic(method.getModifiers()) && model.getProperties().containsKey(name)
                    && !written.contains(name)) {
                written.add(name);
            }
        }
        model.addExtension(WRITTEN, written);
        return resolved;
    }

    private static Field field(Class<?> record, RecordComponent component) {
        try {
            return record.getDeclaredField(component.getName());
        } catch (NoSuchFieldException impossible) {
            return null;
        }
    }

    private static String jsonName(RecordComponent component, Field field) {
        JsonProperty renamed = field == null ? null : field.getAnnotation(JsonProperty.class);
        return renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
    }

    /** The property, saying that it may be null and what that means. */
    static Schema<?> nullable(Schema<?> property, String meaning) {
        String description = property.getDescription() == null || property.getDescription().isBlank() ? meaning
                : property.getDescription().strip() + (property.getDescription().strip().endsWith(".") ? " " : ". ") + meaning;
        if (property.get$ref() != null) {
            // OpenAPI 3.0 ignores what stands beside a $ref: say it through allOf (nullable wants a type beside it)
            return new ComposedSchema().addAllOfItem(new Schema<>().$ref(property.get$ref())).type("object").nullable(true)
                    .description(description);
        }
        if (property.getEnum() != null && !property.getEnum().contains(null)) {
            // a nullable enum lists null among its values, or validators refuse the null
            @SuppressWarnings("unchecked")
            List<Object> values = (List<Object>) property.getEnum();
            values.add(null);
        }
        return property.nullable(true).description(description);
    }

    /**
     * Makes the always-written properties of every schema an answer reaches {@code required}, and
     * the optional properties of a schema only requests reach nullable; removes the notes.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static void settle(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        List<Schema<?>> answers = new ArrayList<>();
        List<Schema<?>> requests = new ArrayList<>();
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getRequestBody() != null) {
                schemasOf(operation.getRequestBody().getContent(), requests);
            }
            if (operation.getResponses() != null) {
                operation.getResponses().values().forEach(response -> schemasOf(response.getContent(), answers));
            }
        }));
        Set<String> answered = reachable(schemas, answers);
        Set<String> requested = reachable(schemas, requests);
        schemas.forEach((name, schema) -> {
            Object written = schema.getExtensions() == null ? null : schema.getExtensions().remove(WRITTEN);
            if (schema.getExtensions() != null && schema.getExtensions().isEmpty()) {
                schema.setExtensions(null);
            }
            if (answered.contains(name) && written instanceof List<?> always && !always.isEmpty()) {
                Set<String> required = new LinkedHashSet<>((List<String>) always);
                if (schema.getRequired() != null) {
                    required.addAll(schema.getRequired());
                }
                schema.setRequired(new ArrayList<>(required));
            } else if (!answered.contains(name) && requested.contains(name) && schema.getProperties() != null) {
                Map<String, Schema> properties = schema.getProperties();
                properties.replaceAll((property, value) -> schema.getRequired() != null
                        && schema.getRequired().contains(property) || Boolean.TRUE.equals(value.getNullable()) ? value
                        : nullable(value, "Null is read as absent."));
            }
        });
    }

    private static void schemasOf(Content content, List<Schema<?>> into) {
        if (content != null) {
            content.values().forEach(media -> {
                if (media.getSchema() != null) {
                    into.add(media.getSchema());
                }
            });
        }
    }

    /** The names of the component schemas these schemas refer to, directly or through others. */
    @SuppressWarnings("rawtypes")
    private static Set<String> reachable(Map<String, Schema> schemas, List<Schema<?>> roots) {
        Set<String> names = new HashSet<>();
        Deque<Schema<?>> open = new ArrayDeque<>(roots);
        while (!open.isEmpty()) {
            Schema<?> schema = open.pop();
            if (schema.get$ref() != null) {
                String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
                if (names.add(name) && schemas.get(name) != null) {
                    open.push(schemas.get(name));
                }
            }
            if (schema.getProperties() != null) {
                schema.getProperties().values().forEach(open::push);
            }
            if (schema.getItems() != null) {
                open.push(schema.getItems());
            }
            if (schema.getAdditionalProperties() instanceof Schema<?> values) {
                open.push(values);
            }
            for (List<Schema> parts : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
                if (parts != null) {
                    parts.forEach(open::push);
                }
            }
        }
        return names;
    }
}
