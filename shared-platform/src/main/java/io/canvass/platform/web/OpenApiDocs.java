package io.canvass.platform.web;

import io.canvass.events.Money;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import jakarta.validation.constraints.NotBlank;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

import java.util.List;
import java.util.Map;


/**
 * The OpenAPI document each app publishes at {@code /v3/api-docs} (and shows at
 * {@code /swagger-ui.html}): its title, description and build version; HTTP Basic on every
 * operation; money as the string it is on the wire; and every refusal an operation can give, as
 * RFC 9457 {@code application/problem+json} with the {@code Problem} schema (the field errors of a
 * 400 included). Operations describe themselves in their controllers.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OpenApiDocs.Settings.class)
public class OpenApiDocs {

    /**
     * What {@code /v3/api-docs} says of the app: each app's {@code application.yml} sets its title
     * and description; the version is the build's.
     */
    @Validated
    @ConfigurationProperties("canvass.api")
    public record Settings(@NotBlank String title, @NotBlank String description, String version) {
        public Settings {
            version = version == null ? "development" : version;
        }
    }

    public static final String BASIC = "basicAuth";
    static final String PROBLEM = "Problem";

    static {
        // money is written as "460.00" (CanvassJson), never as an object or a floating-point number
        SpringDocUtils.getConfig().replaceWithSchema(Money.class, new StringSchema()
                .pattern("^-?[0-9]{1,13}\\.[0-9]{2}$").example("460.00")
                .description("yuan, exact, as a string with two decimals"));
    }

    @Bean
    public OpenAPI canvassOpenApi(Settings settings) {
        return new OpenAPI()
                .info(new Info().title(settings.title()).description(settings.description()).version(settings.version())
                        .license(new License().name("Proprietary: the branch office's own software")))
                // relative to where the document is served, so that it is the same on every host and port
                .servers(List.of(new Server().url("/").description("this app")))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("HTTP Basic as one of the users of API.md (the demo users, password demo,"
                                        + " exist only on the embedded default); the role decides what may be called")))
                .addSecurityItem(new SecurityRequirement().addList(BASIC));
    }

    /** RFC 9457, with the field errors Canvass adds to a 400. */
    static Schema<?> problemSchema() {
        ObjectSchema fieldError = new ObjectSchema();
        fieldError.addProperty("field", new StringSchema().description("the field or parameter, a JSON path for nested ones"));
        fieldError.addProperty("message", new StringSchema().description("what is wrong with it"));
        ObjectSchema problem = new ObjectSchema();
        problem.description("A refusal (RFC 9457): what went wrong, and for invalid input which fields");
        problem.addProperty("type", new StringSchema().example("about:blank"));
        problem.addProperty("title", new StringSchema().example("Invalid request"));
        problem.addProperty("status", new IntegerSchema().example(400));
        problem.addProperty("detail", new StringSchema().example("amount must be greater than 0.00"));
        problem.addProperty("instance", new StringSchema().example("/api/contracts/c-1001/deposits"));
        problem.addProperty("errors", new ArraySchema().items(fieldError).description("every invalid field (400 only)"));
        problem.addProperty("fields", new ArraySchema().items(new StringSchema()).description("the invalid fields' names (400 only)"));
        problem.required(java.util.List.of("type", "title", "status", "detail"));
        return problem;
    }

    /**
     * Answers as they are: every component of an answer record always written and never null,
     * except those that say what null means ({@link NullWhen}) or that Jackson leaves out when empty.
     */
    @Bean
    public AnswerShapes answerShapes() {
        return new AnswerShapes();
    }

    /** The second step of {@link AnswerShapes}: required where an answer reaches the schema. */
    @Bean
    public OpenApiCustomizer requiredAnswers() {
        return AnswerShapes::settle;
    }

    /**
     * What the parameters both apps share by name mean, where a controller did not say it itself:
     * one wording for each, so that every operation says the same of the same parameter.
     */
    static final Map<String, String> PARAMETERS = Map.ofEntries(
            Map.entry("minPosition", "Wait (a few seconds at most) until the read models have applied every event up to"
                    + " this global position, as answered by a command; the answer says stale:true if they could not."),
            Map.entry("page", "Page number, from 0"),
            Map.entry("size", "Page size, 1 to 500"),
            Map.entry("from", "First local day of the range (YYYY-MM-DD, in the branch's time zone), 2000-01-01 to 2999-12-31"),
            Map.entry("to", "Last local day of the range, included (YYYY-MM-DD), not before from (a quota range is at most"
                    + " 366 days, a profit range 3660)"),
            Map.entry("date", "A local day (YYYY-MM-DD, in the branch's time zone), 2000-01-01 to 2999-12-31"),
            Map.entry("channel", "Only this channel"),
            Map.entry("salespersonId", "A salesperson's user name"),
            Map.entry("contractId", "The contract's id (1 to 64 letters, digits, '.', '_' or '-')"),
            Map.entry("campaignId", "The campaign's id (1 to 64 letters, digits, '.', '_' or '-')"),
            Map.entry("districtId", "The district's id (1 to 64 letters, digits, '.', '_' or '-')"),
            Map.entry("prospectId", "The prospect's id (1 to 64 letters, digits, '.', '_' or '-')"),
            Map.entry("paymentId", "The id of the deposit or balance payment being corrected"),
            Map.entry("Accept", "text/csv for the CSV export; JSON otherwise"));

    /** Parameters described by name ({@link #PARAMETERS}) where the controller did not describe them. */
    @Bean
    public OpenApiCustomizer parameterDescriptions() {
        return openApi -> openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getParameters() != null) {
                operation.getParameters().forEach(parameter -> {
                    if (parameter.getDescription() == null && PARAMETERS.containsKey(parameter.getName())) {
                        parameter.setDescription(PARAMETERS.get(parameter.getName()));
                    }
                });
            }
        }));
    }

    /** The refusals every operation can give, added where the controller did not describe them itself. */
    @Bean
    public OpenApiCustomizer refusals() {
        return openApi -> {
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> addRefusals(
                    path, method, operation)));
        };
    }

    private static void addRefusals(String path, PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses();
        add(responses, "400", "Invalid input: the offending fields or parameters are named");
        add(responses, "401", "Not signed in, or a wrong user name or password");
        add(responses, "403", "Signed in, but the role may not do this (or a salesperson acting for another)");
        if (path.contains("{")) {
            add(responses, "404", "Nothing is recorded under the id in the path");
        }
        if (method == PathItem.HttpMethod.POST && operation.getRequestBody() != null) {
            add(responses, "409", "Refused by a business rule of DOMAIN.md, the same id sent with other content,"
                    + " or a concurrent change to the same record (send it again)");
            add(responses, "413", "The body is larger than the limit (64 KiB by default)");
        }
        add(responses, "429", "Too many failed logins lately for this user or address; see Retry-After");
        add(responses, "503", "A database Canvass needs cannot be reached; see Retry-After, and send the same request again");
    }


    private static void add(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
                    .addMediaType("application/problem+json", new MediaType().schema(new Schema<>().$ref(PROBLEM)))));
        }
    }
}
