package io.canvass.deploy;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check every end-to-end, demo and browser test puts each answer through ({@link
 * PublishedContract}) refuses an answer the kept documents do not allow (issue 29): a figure left
 * out, a figure null where null means nothing, CSV from the JSON operation. Without this, a
 * document whose properties were all optional and nullable would pass every test.
 */
class PublishedContractTest {

    static final OpenApiInteractionValidator QUERY = validator("query-side");
    static final OpenApiInteractionValidator COMMAND = validator("command-side");
    static final String PROFIT = "/api/profit/channels?from=2026-03-01&to=2026-03-31";

    static OpenApiInteractionValidator validator(String app) {
        try {
            return OpenApiInteractionValidator.createForInlineApiSpecification(
                    Files.readString(Path.of("openapi", app + ".json"))).build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String hair(String netProfit) {
        return "{\"channel\":\"HAIR_SALON\",\"contracts\":1,\"unitsSigned\":2,\"unitsInstalled\":2,\"revenue\":\"2760.00\","
                + "\"collected\":\"1500.00\",\"outstanding\":\"1260.00\"" + netProfit + "}";
    }

    static String profit(String channel, String totalChannel) {
        return "{\"asOf\":{\"position\":9,\"recordedAt\":\"2026-03-03T03:00:00Z\"},\"stale\":false,\"from\":\"2026-03-01\","
                + "\"to\":\"2026-03-31\",\"channels\":[" + channel + "],\"total\":" + hair(",\"netProfit\":\"920.00\"")
                .replace("\"HAIR_SALON\"", totalChannel) + "}";
    }

    static String query(String path, String accept, int status, String contentType, String body) {
        return PublishedContract.mismatches(QUERY, "GET", path, "finance", null, accept,
                new Canvass.Answer(status, body, null, contentType));
    }

    @Test
    void an_answer_as_the_document_says_passes() {
        assertThat(query(PROFIT, "application/json", 200, "application/json",
                profit(hair(",\"netProfit\":\"920.00\""), "null"))).as("the total's channel is null, as documented").isEmpty();
    }

    @Test
    void a_figure_left_out_is_refused() {
        assertThat(query(PROFIT, "application/json", 200, "application/json", profit(hair(""), "null")))
                .contains("validation.response.body.schema.required", "netProfit");
    }

    @Test
    void a_null_figure_is_refused() {
        assertThat(query(PROFIT, "application/json", 200, "application/json",
                profit(hair(",\"netProfit\":null"), "null"))).contains("validation.response.body.schema", "netProfit");
        assertThat(PublishedContract.mismatches(COMMAND, "POST", "/api/contracts/c-1/cancellation", "finance",
                "{\"reason\":\"changed their mind\",\"occurredAt\":\"2026-03-02T03:00:00Z\"}", "application/json",
                new Canvass.Answer(200, "{\"id\":\"c-1\",\"aggregateId\":\"c-1\",\"version\":3,\"position\":null}", null,
                        "application/json"))).contains("position");
    }

    @Test
    void an_unknown_member_of_a_nullable_enum_is_still_refused() {
        assertThat(query(PROFIT, "application/json", 200, "application/json",
                profit(hair(",\"netProfit\":\"920.00\""), "\"NOT_A_CHANNEL\""))).contains("channel");
    }

    @Test
    void csv_has_its_own_operation_and_the_json_one_answers_json_only() {
        String csv = "contractId,channel\r\n\"c1\",HAIR_SALON\r\n";
        assertThat(query("/api/finance/reconciliation/csv?asOf=2026-03-31", "text/csv", 200, "text/csv;charset=UTF-8", csv))
                .isEmpty();
        assertThat(query("/api/finance/reconciliation?asOf=2026-03-31", "text/csv", 200, "text/csv;charset=UTF-8", csv))
                .isNotEmpty();
    }
}
