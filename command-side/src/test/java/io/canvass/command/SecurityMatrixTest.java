package io.canvass.command;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every role against every command endpoint, as docs/api.md#command-side-port-8080 says. The body is empty JSON, so
 * an allowed role gets past security and is stopped by validation (400): nothing is written.
 */
@EmbeddedPostgresTest
class SecurityMatrixTest {

    static final Map<String, String> USERS = Map.of(
            "manager", "MANAGER", "sales1", "SALES", "installer", "INSTALLER", "finance", "FINANCE",
            "auditor", "AUDITOR", "admin", "ADMIN");

    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("/api/districts", Set.of("MANAGER")),
            Map.entry("/api/districts/d-1/streets", Set.of("MANAGER")),
            Map.entry("/api/prospects", Set.of("SALES", "MANAGER")),
            Map.entry("/api/contracts", Set.of("SALES", "MANAGER")),
            Map.entry("/api/contracts/c-1/deposits", Set.of("SALES", "FINANCE")),
            Map.entry("/api/contracts/c-1/installations", Set.of("INSTALLER")),
            Map.entry("/api/contracts/c-1/balance-payments", Set.of("INSTALLER", "FINANCE")),
            Map.entry("/api/contracts/c-1/cancellation", Set.of("FINANCE")),
            Map.entry("/api/contracts/c-1/payments/pay-1/corrections", Set.of("FINANCE")),
            Map.entry("/api/finance/periods/2026-01/close", Set.of("FINANCE")),
            Map.entry("/api/finance/periods/2026-01/reopen", Set.of("FINANCE")));

    @LocalServerPort
    int port;

    static Stream<Arguments> matrix() {
        return ALLOWED.keySet().stream().sorted().flatMap(path ->
                USERS.keySet().stream().sorted().map(user -> Arguments.of(path, user)));
    }

    @ParameterizedTest(name = "{1} POST {0}")
    @MethodSource("matrix")
    void each_role_may_do_only_what_api_md_allows(String path, String user) {
        Api.Answer answer = new Api(port).post(user, path, "{}");
        if (ALLOWED.get(path).contains(USERS.get(user))) {
            assertThat(answer.status()).as("allowed, so stopped by validation").isEqualTo(400);
        } else {
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
    }

    @ParameterizedTest(name = "anonymous POST {0}")
    @MethodSource("paths")
    void nobody_may_write_without_signing_in(String path) {
        Api.Answer answer = new Api(port).post(null, path, "{}");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    static List<String> paths() {
        return ALLOWED.keySet().stream().sorted().toList();
    }

    @org.junit.jupiter.api.Test
    void a_wrong_password_is_refused() {
        Api.Answer answer = new Api(port).post("sales1:wrong", "/api/prospects", "{}");
        assertThat(answer.status()).isEqualTo(401);
    }

    @org.junit.jupiter.api.Test
    void a_salesperson_may_not_record_for_another_but_a_manager_may() {
        Api api = new Api(port);
        String body = Api.prospect("p-x", "d-x", "s-1", "sales2");
        Api.Answer sales = api.post("sales1", "/api/prospects", body);
        assertThat(sales.status()).isEqualTo(403);
        assertThat(sales.field("detail")).contains("salespersonId must be sales1");
        Api.Answer manager = api.post("manager", "/api/prospects", body);
        assertThat(manager.status()).as("past security; refused because d-x is not planned").isEqualTo(409);
        Api.Answer contract = api.post("sales1", "/api/contracts", Api.contract("c-x", "p-x", "sales3", 1, "1.00", "0.00"));
        assertThat(contract.status()).isEqualTo(403);
    }

    @org.junit.jupiter.api.Test
    void probes_are_open_and_metrics_and_other_actuator_endpoints_are_for_admins() {
        Api api = new Api(port);
        assertThat(api.get(null, "/actuator/health").status()).isEqualTo(200);
        assertThat(api.get(null, "/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(api.get(null, "/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(api.get(null, "/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api.get("sales1", "/actuator/prometheus").status()).isEqualTo(403);
        assertThat(api.get("admin", "/actuator/prometheus").status()).isEqualTo(200);
        assertThat(api.get("sales1", "/actuator/metrics").status()).isEqualTo(403);
        assertThat(api.get("admin", "/actuator/metrics").status()).isEqualTo(200);
        assertThat(api.get(null, "/v3/api-docs").status()).isEqualTo(200);
    }
}
