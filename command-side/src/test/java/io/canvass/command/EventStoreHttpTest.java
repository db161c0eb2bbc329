package io.canvass.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.canvass.command.Api.contract;
import static io.canvass.command.Api.district;
import static io.canvass.command.Api.installation;
import static io.canvass.command.Api.payment;
import static io.canvass.command.Api.prospect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Commands over HTTP, checked in the event table itself. */
@EmbeddedPostgresTest
class EventStoreHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    /** The schema owner's connections, as migrations use them (the application's own login may do much less). */
    @Autowired
    @FlywayDataSource
    DataSource schemaOwner;

    Api api;
    EventTable events;
    String run;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        events = new EventTable(jdbc);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    /** Plans a district, records a prospect and signs a contract; answers the contract id. */
    String signedContract(int units, String price, String deposit) {
        assertThat(api.post("manager", "/api/districts", district("d-" + run, "s-1", "s-2")).status()).isEqualTo(201);
        assertThat(api.post("sales1", "/api/prospects", prospect("p-" + run, "d-" + run, "s-1", "sales1")).status()).isEqualTo(201);
        assertThat(api.post("sales1", "/api/contracts", contract("c-" + run, "p-" + run, "sales1", units, price, deposit)).status())
                .isEqualTo(201);
        return "c-" + run;
    }

    @Test
    void a_prospect_goes_only_on_a_planned_street_including_one_added_after_the_plan_was_read() {
        String d = "d-" + run;
        assertThat(api.post("manager", "/api/districts", district(d, "s-1")).status()).isEqualTo(201);
        assertThat(api.post("sales1", "/api/prospects", prospect("p1-" + run, d, "s-1", "sales1")).status()).isEqualTo(201);
        Api.Answer unplanned = api.post("sales1", "/api/prospects", prospect("p2-" + run, d, "s-2", "sales1"));
        assertThat(unplanned.status()).isEqualTo(409);
        assertThat(unplanned.body().toString()).contains("street s-2 is not planned in district " + d);
        assertThat(api.post("sales1", "/api/prospects", prospect("p3-" + run, "nowhere-" + run, "s-1", "sales1")).status())
                .isEqualTo(409);

        assertThat(api.post("manager", "/api/districts/" + d + "/streets",
                "{\"streets\":[{\"streetId\":\"s-2\",\"name\":\"Renmin Rd\"}]}").status()).isEqualTo(201);
        assertThat(api.post("sales1", "/api/prospects", prospect("p2-" + run, d, "s-2", "sales1")).status()).isEqualTo(201);
        assertThat(events.rows("prospect:p2-" + run)).hasSize(1);
        assertThat(events.rows("prospect:p3-" + run)).isEmpty();
    }

    @Test
    void every_command_is_an_event_with_its_payload_metadata_and_sequence() throws Exception {
        String c = signedContract(2, "1000.00", "400.00");
        Api.Answer deposit = api.post("finance", "/api/contracts/" + c + "/deposits", payment("pay-1", "400.00"), "corr-" + run);
        assertThat(deposit.status()).isEqualTo(201);
        assertThat(deposit.correlationId()).isEqualTo("corr-" + run);
        Api.Answer install = api.post("installer", "/api/contracts/" + c + "/installations", installation("i-1", 2));
        Api.Answer balance = api.post("installer", "/api/contracts/" + c + "/balance-payments", payment("bal-1", "1600.00"));
        assertThat(install.status()).isEqualTo(201);
        assertThat(balance.status()).isEqualTo(201);

        List<Map<String, Object>> rows = events.fieldRows("contract:" + c);
        assertThat(rows).extracting(row -> row.get("payload_type"))
                .containsExactly("ContractSigned", "DepositCollected", "UnitsInstalled", "BalanceCollected");
        assertThat(rows).extracting(row -> ((Number) row.get("sequence_number")).longValue()).isSorted().doesNotHaveDuplicates()
                .startsWith(0L);
        assertThat(rows).extracting(row -> row.get("payload_revision")).containsExactly("2", "1", "1", "1");
        assertThat(rows).extracting(row -> row.get("type")).containsOnly("Contract");

        JsonNode signed = JSON.readTree((String) rows.get(0).get("payload"));
        assertThat(signed.get("contractId").asText()).isEqualTo(c);
        assertThat(signed.get("channel").asText()).isEqualTo("HAIR_SALON");
        assertThat(signed.get("districtId").asText()).isEqualTo("d-" + run);
        assertThat(signed.get("unitPrice").asText()).isEqualTo("1000.00");
        assertThat(signed.get("unitPrice").isTextual()).as("money is stored as text, never a float").isTrue();
        assertThat(signed.get("occurredAt").asText()).isEqualTo("2026-03-01T01:30:00Z");

        JsonNode depositPayload = JSON.readTree((String) rows.get(1).get("payload"));
        assertThat(depositPayload.get("amount").asText()).isEqualTo("400.00");
        assertThat(depositPayload.get("receiptNo").asText()).isEqualTo("R-pay-1");

        JsonNode signedMeta = JSON.readTree((String) rows.get(0).get("meta_data"));
        assertThat(signedMeta.get("userId").asText()).isEqualTo("sales1");
        assertThat(signedMeta.get("role").asText()).isEqualTo("SALES");
        assertThat(signedMeta.get("correlationId").asText()).isNotBlank();
        assertThat(signedMeta.get("causationId").asText()).isNotBlank();
        JsonNode depositMeta = JSON.readTree((String) rows.get(1).get("meta_data"));
        assertThat(depositMeta.get("userId").asText()).isEqualTo("finance");
        assertThat(depositMeta.get("role").asText()).isEqualTo("FINANCE");
        assertThat(depositMeta.get("correlationId").asText()).isEqualTo("corr-" + run);
        assertThat(depositMeta.get("causationId").asText()).isNotEqualTo(signedMeta.get("causationId").asText());

        // the answer says where the event is
        assertThat(balance.body().get("version").asLong()).isEqualTo(3);
        assertThat(balance.body().get("position").asLong()).isEqualTo(((Number) rows.get(3).get("global_index")).longValue());
        assertThat(balance.field("aggregateId")).isEqualTo(c);
    }

    @Test
    void the_cancellation_carries_its_reason_in_payload_and_metadata() throws Exception {
        String c = signedContract(2, "1000.00", "400.00");
        api.post("sales1", "/api/contracts/" + c + "/deposits", payment("pay-1", "150.00"));
        Api.Answer cancelled = api.post("finance", "/api/contracts/" + c + "/cancellation",
                "{\"reason\":\"salon closed\",\"occurredAt\":\"2026-03-04T00:00:00Z\"}");
        assertThat(cancelled.status()).isEqualTo(200);
        Map<String, Object> row = events.rows("contract:" + c).get(2);
        assertThat(row.get("payload_type")).isEqualTo("ContractCancelled");
        JsonNode payload = JSON.readTree((String) row.get("payload"));
        assertThat(payload.get("refunded").asText()).isEqualTo("150.00");
        assertThat(payload.get("reason").asText()).isEqualTo("salon closed");
        assertThat(JSON.readTree((String) row.get("meta_data")).get("reason").asText()).isEqualTo("salon closed");
    }

    /**
     * Least privilege all the time: the migrations' superuser login is used at start and then let go;
     * after start (and after the owner's connections this class opens itself) no session of it is left.
     */
    @Test
    void no_superuser_connection_remains_after_start() {
        new JdbcTemplate(schemaOwner).queryForObject("select 1", Integer.class);
        assertThat(jdbc.queryForList("select pid from pg_stat_activity where usename = 'postgres'"
                + " and backend_type = 'client backend'", Long.class)).isEmpty();
    }

    @Test
    void a_refused_command_adds_no_row() {
        String c = signedContract(2, "1000.00", "400.00");
        long before = events.count();
        Api.Answer tooMuch = api.post("sales1", "/api/contracts/" + c + "/deposits", payment("pay-1", "400.01"));
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.contentType()).startsWith("application/problem+json");
        assertThat(tooMuch.field("detail")).contains("more than the 400.00 the contract requires");
        Api.Answer early = api.post("installer", "/api/contracts/" + c + "/installations", installation("i-1", 1));
        assertThat(early.status()).isEqualTo(409);
        Api.Answer invalid = api.post("sales1", "/api/contracts/" + c + "/deposits", payment("pay-2", "-5.00"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(events.count()).isEqualTo(before);
    }

    @Test
    void a_duplicate_business_adds_no_row_and_keeps_no_claim() {
        signedContract(1, "500.00", "0.00");
        long before = events.count();
        String same = prospect("p-" + run, "d-" + run, "s-1", "sales1").replace("\"p-" + run + "\",", "\"p2-" + run + "\",");
        Api.Answer duplicate = api.post("sales1", "/api/prospects", same);
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(events.count()).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from prospect_business_key where prospect_id = ?", Long.class,
                "p2-" + run)).isZero();
    }

    @Test
    void a_prospect_refused_for_its_street_leaves_its_business_unclaimed() {
        signedContract(1, "500.00", "0.00");
        String offPlan = prospect("p3-" + run, "d-" + run, "s-9", "sales1");
        assertThat(api.post("sales1", "/api/prospects", offPlan).status()).isEqualTo(409);
        assertThat(api.post("sales1", "/api/prospects", offPlan.replace("\"s-9\"", "\"s-2\"")).status()).isEqualTo(201);
    }

    @Test
    void a_retried_command_adds_no_row_and_answers_as_the_first() {
        String c = signedContract(2, "1000.00", "400.00");
        Api.Answer first = api.post("sales1", "/api/contracts/" + c + "/deposits", payment("pay-1", "100.00"));
        api.post("sales1", "/api/contracts/" + c + "/deposits", payment("pay-2", "100.00"));
        long before = events.count();
        Api.Answer retry = api.post("sales1", "/api/contracts/" + c + "/deposits", payment("pay-1", "100.00"));
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        Api.Answer resign = api.post("sales1", "/api/contracts", contract(c, "p-" + run, "sales1", 2, "1000.00", "400.00"));
        assertThat(resign.status()).isEqualTo(201);
        assertThat(resign.body().get("version").asLong()).isZero();
        assertThat(events.count()).isEqualTo(before);

        Api.Answer changed = api.post("sales1", "/api/contracts/" + c + "/deposits", payment("pay-1", "120.00"));
        assertThat(changed.status()).isEqualTo(409);
        assertThat(events.count()).isEqualTo(before);
    }

    @Test
    void a_wrong_payment_is_corrected_by_a_new_event_and_the_original_stays() throws Exception {
        String c = signedContract(2, "1000.00", "400.00");
        api.post("sales1", "/api/contracts/" + c + "/deposits", payment("pay-1", "40.00"));
        Api.Answer corrected = api.post("finance", "/api/contracts/" + c + "/payments/pay-1/corrections",
                "{\"correctionId\":\"fix-1\",\"correctedAmount\":\"400.00\",\"reason\":\"typed 40 for 400\","
                        + "\"occurredAt\":\"2026-03-02T03:00:00Z\"}");
        assertThat(corrected.status()).isEqualTo(201);
        List<Map<String, Object>> rows = events.fieldRows("contract:" + c);
        assertThat(rows).extracting(row -> row.get("payload_type"))
                .containsExactly("ContractSigned", "DepositCollected", "PaymentCorrected");
        assertThat(JSON.readTree((String) rows.get(1).get("payload")).get("amount").asText()).isEqualTo("40.00");
        assertThat(api.post("installer", "/api/contracts/" + c + "/installations", installation("i-1", 1)).status())
                .isEqualTo(201);
    }

    @Test
    void a_contract_may_share_its_id_with_a_prospect_and_a_district_without_sharing_their_streams() {
        String shared = "x-" + run;
        assertThat(api.post("manager", "/api/districts", district(shared, "s-1")).status()).isEqualTo(201);
        assertThat(api.post("sales1", "/api/prospects", prospect(shared, shared, "s-1", "sales1")).status()).isEqualTo(201);
        Api.Answer signed = api.post("sales1", "/api/contracts", contract(shared, shared, "sales1", 1, "460.00", "0.00"));
        assertThat(signed.status()).isEqualTo(201);
        assertThat(signed.body().get("version").asLong()).isZero();
        assertThat(events.rows("district:" + shared)).hasSize(1);
        assertThat(events.rows("prospect:" + shared)).hasSize(1);
        assertThat(events.rows("contract:" + shared)).hasSize(1);
    }

    /** Even the schema's owner (here the embedded server's superuser) is refused by the trigger. */
    @Test
    void the_event_table_refuses_update_delete_and_truncate() {
        signedContract(1, "500.00", "0.00");
        JdbcTemplate owner = new JdbcTemplate(schemaOwner);
        assertThatThrownBy(() -> owner.update("update domain_event_entry set payload_type = 'Rewritten'"))
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> owner.update("delete from domain_event_entry"))
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> owner.execute("truncate domain_event_entry"))
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("append-only");
        assertThat(events.count()).isPositive();
    }

    /**
     * The application runs as a login that may only append and read (issue 11): with its own
     * credentials nobody can switch the protection off, as a superuser could.
     */
    @Test
    void the_applications_own_login_cannot_rewrite_the_event_table_or_switch_its_protection_off() {
        signedContract(1, "500.00", "0.00");
        assertThat(jdbc.queryForObject("select current_user", String.class)).isEqualTo("canvass_app");
        assertThat(jdbc.queryForObject("select rolsuper from pg_roles where rolname = current_user", Boolean.class)).isFalse();
        assertThatThrownBy(() -> jdbc.execute("alter table domain_event_entry disable trigger domain_event_entry_append_only"))
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("must be owner");
        assertThatThrownBy(() -> jdbc.execute("set session_replication_role = replica"))
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> jdbc.update("update domain_event_entry set payload_type = 'Rewritten'"))
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> jdbc.update("delete from prospect_business_key"))
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> jdbc.execute("truncate domain_event_entry"))
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> jdbc.execute("create table sneaky (id int)"))
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("permission denied");
    }

    @Test
    void commits_are_durable() {
        assertThat(jdbc.queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForObject("show fsync", String.class)).isEqualTo("on");
    }

    @Test
    void the_query_side_login_may_read_events_and_nothing_else() throws Exception {
        signedContract(1, "500.00", "0.00");
        try (Connection connection = schemaOwner.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("set role canvass_query");
            try {
                ResultSet count = statement.executeQuery("select count(*) from domain_event_entry");
                assertThat(count.next()).isTrue();
                assertThat(count.getLong(1)).isPositive();
                assertThatThrownBy(() -> statement.executeQuery("select count(*) from prospect_business_key"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
                assertThatThrownBy(() -> statement.executeUpdate("insert into domain_event_entry (event_identifier,"
                        + " aggregate_identifier, sequence_number, time_stamp, payload_type, payload)"
                        + " values ('x', 'x', 0, 'x', 'x', '\\x00')"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            } finally {
                statement.execute("reset role");
            }
        }
    }
}
