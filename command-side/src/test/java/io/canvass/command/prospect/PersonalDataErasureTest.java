package io.canvass.command.prospect;

import io.canvass.command.Api;
import io.canvass.command.EmbeddedPostgresTest;
import io.canvass.command.audit.EventChainTest;
import io.canvass.events.prospect.SealedText;
import io.canvass.platform.privacy.PersonalDataCipher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.canvass.command.Api.contract;
import static io.canvass.command.Api.district;
import static org.assertj.core.api.Assertions.assertThat;

/** Personal data is sealed in the event store and erased by destroying its key (issue 13). */
@EmbeddedPostgresTest
class PersonalDataErasureTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Api api;
    String run;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        run = UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("manager", "/api/districts", district("d-" + run, "s-1")).status()).isEqualTo(201);
    }

    String prospectWithContact(String id) {
        return "{\"prospectId\":\"" + id + "\",\"channel\":\"HAIR_SALON\",\"businessName\":\"Salon " + id
                + "\",\"districtId\":\"d-" + run + "\",\"streetId\":\"s-1\",\"address\":\"1 Road " + id
                + "\",\"salespersonId\":\"sales1\",\"contactName\":\"李秀兰 Li Xiulan\",\"contactPhone\":\"139 1234 5678\","
                + "\"occurredAt\":\"2026-03-02T01:00:00Z\"}";
    }

    List<Map<String, Object>> events(String prospectId) {
        return jdbc.queryForList("select payload_type, payload, meta_data, global_index from domain_event_entry"
                + " where aggregate_identifier = ? order by sequence_number", "prospect:" + prospectId);
    }

    static String text(Object bytes) {
        return new String((byte[]) bytes, StandardCharsets.UTF_8);
    }

    @Test
    void contact_details_are_stored_sealed_and_open_only_with_the_prospects_key() {
        String p = "p-" + run;
        assertThat(api.post("sales1", "/api/prospects", prospectWithContact(p)).status()).isEqualTo(201);
        String payload = text(events(p).get(0).get("payload"));
        assertThat(payload).doesNotContain("Xiulan", "李秀兰", "139 1234 5678").contains("\"contactName\":\"aes-gcm:v1:");
        byte[] key = jdbc.queryForObject("select secret from personal_data_key where prospect_id = ?", byte[].class, p);
        String sealed = payload.replaceAll(".*\"contactPhone\":\"([^\"]+)\".*", "$1");
        assertThat(PersonalDataCipher.open(key, p, "contactPhone", new SealedText(sealed))).isEqualTo("139 1234 5678");
    }

    @Test
    void erasure_destroys_the_key_records_why_and_leaves_the_figures_the_chain_and_later_commands_alone() {
        String p = "p-" + run;
        Api.Answer recorded = api.post("sales1", "/api/prospects", prospectWithContact(p));
        assertThat(recorded.status()).isEqualTo(201);
        assertThat(api.post("sales1", "/api/contracts", contract("c-" + run, p, "sales1", 2, "690.00", "200.00")).status())
                .isEqualTo(201);

        assertThat(api.post("sales1", "/api/prospects/" + p + "/erasure", "{\"reason\":\"request\"}").status()).isEqualTo(403);
        Api.Answer noReason = api.post("manager", "/api/prospects/" + p + "/erasure", "{\"reason\":\"  \"}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body().toString()).contains("reason");
        assertThat(api.post("manager", "/api/prospects/nobody-" + run + "/erasure", "{\"reason\":\"request\"}").status())
                .isEqualTo(404);
        assertThat(api.post("manager", "/api/prospects/bad%20id/erasure", "{\"reason\":\"request\"}").status())
                .isEqualTo(400);

        Api.Answer erased = api.post("manager", "/api/prospects/" + p + "/erasure",
                "{\"reason\":\"the owner asked (request 118)\"}");
        assertThat(erased.status()).as(erased.body().toString()).isEqualTo(201);
        assertThat(erased.body().get("version").asLong()).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from personal_data_key where prospect_id = ?", Long.class, p)).isZero();
        List<Map<String, Object>> events = events(p);
        assertThat(events).hasSize(2);
        assertThat(events.get(1).get("payload_type")).isEqualTo("PersonalDataErased");
        assertThat(text(events.get(1).get("payload"))).contains("the owner asked (request 118)");
        assertThat(text(events.get(1).get("meta_data"))).contains("\"userId\":\"manager\"");

        // a second erasure is a no-op, answered as the first; so is a retry of the recording
        Api.Answer again = api.post("admin", "/api/prospects/" + p + "/erasure", "{\"reason\":\"again\"}");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().get("position")).isEqualTo(erased.body().get("position"));
        Api.Answer retried = api.post("sales1", "/api/prospects", prospectWithContact(p));
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.body().get("position")).isEqualTo(recorded.body().get("position"));
        assertThat(events(p)).hasSize(2);
        assertThat(jdbc.queryForObject("select count(*) from personal_data_key where prospect_id = ?", Long.class, p)).isZero();

        // the erased prospect's later commands still work
        assertThat(api.post("manager", "/api/contracts", contract("c2-" + run, p, "sales1", 1, "690.00", "0.00")).status())
                .isEqualTo(201);
        // and the chain, which hashes what was stored, still verifies
        assertThat(EventChainTest.firstBreak(EventChainTest.rows(jdbc))).isEqualTo(-1);
    }
}
