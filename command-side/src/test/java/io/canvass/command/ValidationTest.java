package io.canvass.command;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A user's mistake is a 4xx that names the field, never a 500, and writes nothing. */
@EmbeddedPostgresTest
class ValidationTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private Api.Answer refused(String user, String path, String body, int status) {
        long before = new EventTable(jdbc).count();
        Api.Answer answer = new Api(port).post(user, path, body);
        assertThat(answer.status()).as(answer.body() == null ? "" : answer.body().toString()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().get("status").asInt()).isEqualTo(status);
        assertThat(answer.field("title")).isNotBlank();
        assertThat(answer.field("detail")).isNotBlank();
        assertThat(new EventTable(jdbc).count()).isEqualTo(before);
        return answer;
    }

    private static java.util.List<String> fields(Api.Answer answer) {
        java.util.List<String> fields = new java.util.ArrayList<>();
        answer.body().get("fields").forEach(field -> fields.add(field.asText()));
        return fields;
    }

    @Test
    void every_missing_field_is_named() {
        Api.Answer answer = refused("sales1", "/api/contracts", "{}", 400);
        assertThat(fields(answer)).containsExactlyInAnyOrder("contractId", "prospectId", "salespersonId", "kind",
                "units", "unitPrice", "depositRequired", "occurredAt");
    }

    @Test
    void a_missing_prospect_field_is_named() {
        String body = Api.prospect("p-v", "d-v", "s-1", "sales1").replace("\"address\":\"p-v Jiefang Rd\",", "");
        assertThat(fields(refused("sales1", "/api/prospects", body, 400))).containsExactly("address");
    }

    @Test
    void an_unknown_enum_value_is_named() {
        String body = Api.contract("c-v", "p-v", "sales1", 1, "460.00", "0.00").replace("\"SALE\"", "\"LEASE\"");
        Api.Answer answer = refused("sales1", "/api/contracts", body, 400);
        assertThat(fields(answer)).containsExactly("kind");
        assertThat(answer.field("detail")).contains("SALE", "DISTRIBUTION");
    }

    @Test
    void an_unknown_channel_is_named() {
        String body = Api.prospect("p-v", "d-v", "s-1", "sales1").replace("HAIR_SALON", "BARBER");
        assertThat(fields(refused("sales1", "/api/prospects", body, 400))).containsExactly("channel");
    }

    @Test
    void a_negative_amount_is_refused() {
        assertThat(fields(refused("sales1", "/api/contracts/c-v/deposits", Api.payment("pay-1", "-1.00"), 400)))
                .containsExactly("amount");
    }

    @Test
    void an_amount_with_more_than_two_decimals_is_refused() {
        assertThat(fields(refused("sales1", "/api/contracts/c-v/deposits", Api.payment("pay-1", "10.005"), 400)))
                .containsExactly("amount");
    }

    @Test
    void an_amount_that_is_not_a_number_is_refused() {
        assertThat(fields(refused("sales1", "/api/contracts/c-v/deposits", Api.payment("pay-1", "ten"), 400)))
                .containsExactly("amount");
    }

    @Test
    void units_that_are_not_a_whole_number_are_refused() {
        String body = Api.contract("c-v", "p-v", "sales1", 1, "460.00", "0.00").replace("\"units\":1", "\"units\":\"many\"");
        assertThat(fields(refused("sales1", "/api/contracts", body, 400))).containsExactly("units");
    }

    @Test
    void zero_units_are_refused() {
        String body = Api.contract("c-v", "p-v", "sales1", 0, "460.00", "0.00");
        assertThat(fields(refused("sales1", "/api/contracts", body, 400))).containsExactly("units");
    }

    @Test
    void malformed_json_is_refused() {
        refused("sales1", "/api/contracts", "{\"contractId\": ", 400);
    }

    @Test
    void a_malformed_time_is_named() {
        String body = Api.payment("pay-1", "1.00").replace("2026-03-02T02:00:00Z", "yesterday");
        assertThat(fields(refused("sales1", "/api/contracts/c-v/deposits", body, 400))).containsExactly("occurredAt");
    }

    @Test
    void a_time_in_the_future_is_named() {
        String future = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        String body = Api.payment("pay-1", "1.00").replace("2026-03-02T02:00:00Z", future);
        assertThat(fields(refused("sales1", "/api/contracts/c-v/deposits", body, 400))).containsExactly("occurredAt");
    }

    @Test
    void an_id_with_forbidden_characters_is_named() {
        assertThat(fields(refused("sales1", "/api/contracts", Api.contract("c v/1", "p-v", "sales1", 1, "1.00", "0.00"), 400)))
                .containsExactly("contractId");
        assertThat(fields(refused("sales1", "/api/contracts/c%20v/deposits", Api.payment("pay-1", "1.00"), 400)))
                .containsExactly("contractId");
    }

    @Test
    void a_street_without_a_name_is_named() {
        String body = "{\"districtId\":\"d-v\",\"city\":\"Harbin\",\"name\":\"D\",\"streets\":[{\"streetId\":\"s-1\"}]}";
        assertThat(fields(refused("manager", "/api/districts", body, 400))).containsExactly("streets[0].name");
    }

    @Test
    void an_unknown_contract_is_not_found() {
        Api.Answer answer = refused("sales1", "/api/contracts/c-never/deposits", Api.payment("pay-1", "1.00"), 404);
        assertThat(answer.field("detail")).contains("c-never");
    }

    @Test
    void a_contract_for_an_unknown_prospect_is_refused() {
        Api.Answer answer = refused("sales1", "/api/contracts", Api.contract("c-v", "p-never", "sales1", 1, "1.00", "0.00"), 409);
        assertThat(answer.field("detail")).contains("prospect p-never is not recorded");
    }

    @Test
    void a_body_that_is_not_json_is_unsupported() {
        long before = new EventTable(jdbc).count();
        Api.Answer answer = new Api(port).post("sales1", "/api/contracts", "contractId=c-1");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(new EventTable(jdbc).count()).isEqualTo(before);
    }
}
