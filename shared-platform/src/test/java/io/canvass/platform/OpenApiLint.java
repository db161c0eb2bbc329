package io.canvass.platform;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.tags.Tag;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a published OpenAPI document offline: swagger-parser's own validation, then the rules of
 * Redocly's "recommended" set that a generated client depends on, and Canvass's own: every
 * refusal is problem+json with the Problem schema, every parameter described, every request body
 * with an example, no {@code *}/{@code *} media type, HTTP Basic on every operation, and (as Redocly
 * CLI found when run by hand) {@code nullable} only beside a {@code type}.
 */
public final class OpenApiLint {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final Pattern REF = Pattern.compile("\"\\$ref\"\\s*:\\s*\"#/components/schemas/([^\"]+)\"");

    private OpenApiLint() {
    }

    /** Every problem found, one line each; none for a good document. */
    public static List<String> problems(String json) {
        SwaggerParseResult result = new OpenAPIParser().readContents(json, null, null);
        List<String> problems = new ArrayList<>(result.getMessages() == null ? List.of() : result.getMessages());
        OpenAPI api = result.getOpenAPI();
        if (api == null) {
            problems.add("not an OpenAPI document");
            return problems;
        }
        if (api.getInfo() == null || blank(api.getInfo().getTitle()) || blank(api.getInfo().getDescription())
                || blank(api.getInfo().getVersion())) {
            problems.add("info: title, description and version are required");
        }
        boolean globalSecurity = api.getSecurity() != null && !api.getSecurity().isEmpty();
        Set<String> declaredTags = new HashSet<>();
        if (api.getTags() != null) {
            for (Tag tag : api.getTags()) {
                declaredTags.add(tag.getName());
                if (blank(tag.getDescription())) {
                    problems.add("tag-description: " + tag.getName());
                }
            }
        }
        Set<String> operationIds = new HashSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String where = method + " " + path + ": ";
            checkOperation(api, where, path, operation, globalSecurity, declaredTags, operationIds, problems);
        }));
        // nullable-type-sibling (OpenAPI 3.0): nullable only beside a type
        try {
            nullableWithoutType(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json), "#", problems);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            problems.add("not JSON: " + e.getOriginalMessage());
        }
        // no-unused-components
        Set<String> referenced = new HashSet<>();
        Matcher refs = REF.matcher(json);
        while (refs.find()) {
            referenced.add(refs.group(1));
        }
        if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
            for (String schema : api.getComponents().getSchemas().keySet()) {
                if (!referenced.contains(schema)) {
                    problems.add("no-unused-components: schema " + schema);
                }
            }
        }
        return problems;
    }

    private static void checkOperation(OpenAPI api, String where, String path, Operation operation,
                                       boolean globalSecurity, Set<String> declaredTags, Set<String> operationIds,
                                       List<String> problems) {
        if (blank(operation.getSummary())) {
            problems.add(where + "operation-summary");
        }
        if (blank(operation.getDescription())) {
            problems.add(where + "operation-description");
        }
        if (blank(operation.getOperationId()) || !operationIds.add(operation.getOperationId())) {
            problems.add(where + "operation-operationId missing or not unique");
        }
        if (operation.getTags() == null || operation.getTags().isEmpty()
                || !declaredTags.containsAll(operation.getTags())) {
            problems.add(where + "operation-tag-defined");
        }
        if (!globalSecurity && (operation.getSecurity() == null || operation.getSecurity().isEmpty())) {
            problems.add(where + "security-defined");
        }
        Set<String> pathParameters = new HashSet<>();
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if (blank(parameter.getDescription())) {
                    problems.add(where + "parameter " + parameter.getName() + " has no description");
                }
                if ("path".equals(parameter.getIn())) {
                    pathParameters.add(parameter.getName());
                }
            }
        }
        Matcher inPath = PATH_PARAMETER.matcher(path);
        while (inPath.find()) {
            if (!pathParameters.contains(inPath.group(1))) {
                problems.add(where + "path-parameters-defined: " + inPath.group(1));
            }
        }
        if (operation.getRequestBody() != null) {
            operation.getRequestBody().getContent().forEach((type, media) -> {
                if (media.getExample() == null && (media.getExamples() == null || media.getExamples().isEmpty())
                        && (media.getSchema() == null || !hasExample(api, media))) {
                    problems.add(where + "request body " + type + " has no example");
                }
            });
        }
        Map<String, ApiResponse> responses = operation.getResponses();
        if (responses == null || responses.keySet().stream().noneMatch(status -> status.startsWith("2"))) {
            problems.add(where + "operation-2xx-response");
        }
        if (responses == null || responses.keySet().stream().noneMatch(status -> status.startsWith("4"))) {
            problems.add(where + "operation-4xx-response");
        }
        if (responses != null) {
            responses.forEach((status, response) -> {
                if (blank(response.getDescription())) {
                    problems.add(where + status + " has no description");
                }
                if (response.getContent() == null) {
                    if (!status.equals("204")) {
                        problems.add(where + status + " has no content");
                    }
                    return;
                }
                response.getContent().forEach((type, media) -> {
                    if (type.contains("*")) {
                        problems.add(where + status + " answers " + type);
                    }
                    if ((status.startsWith("4") || status.startsWith("5")) && (!type.equals("application/problem+json")
                            || media.getSchema() == null || !"#/components/schemas/Problem".equals(media.getSchema().get$ref()))) {
                        problems.add(where + status + " is not application/problem+json with the Problem schema");
                    }
                });
            });
        }
    }

    private static void nullableWithoutType(com.fasterxml.jackson.databind.JsonNode node, String where, List<String> problems) {
        if (node.isObject()) {
            if (node.path("nullable").asBoolean(false) && !node.has("type")) {
                problems.add("nullable-type-sibling: " + where);
            }
            node.fields().forEachRemaining(field -> nullableWithoutType(field.getValue(), where + "/" + field.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nullableWithoutType(node.get(i), where + "/" + i, problems);
            }
        }
    }

    /** An example on the body's schema, or on the component it refers to. */
    private static boolean hasExample(OpenAPI api, MediaType media) {
        if (media.getSchema().getExample() != null) {
            return true;
        }
        String ref = media.getSchema().get$ref();
        if (ref == null || api.getComponents() == null || api.getComponents().getSchemas() == null) {
            return false;
        }
        var component = api.getComponents().getSchemas().get(ref.substring(ref.lastIndexOf('/') + 1));
        return component != null && component.getExample() != null;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
