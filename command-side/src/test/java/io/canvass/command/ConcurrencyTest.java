package io.canvass.command;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static io.canvass.command.Api.contract;
import static io.canvass.command.Api.district;
import static io.canvass.command.Api.installation;
import static io.canvass.command.Api.payment;
import static io.canvass.command.Api.prospect;
import static org.assertj.core.api.Assertions.assertThat;

/** 16 clients at once on one contract: nothing lost, nothing doubled, every rule still holds. */
@EmbeddedPostgresTest
class ConcurrencyTest {

    private static final int CLIENTS = 16;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void concurrent_deposits_and_installations_never_break_a_rule() throws Exception {
        Api api = new Api(port);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String c = "c-" + run;
        assertThat(api.post("manager", "/api/districts", district("d-" + run, "s-1")).status()).isEqualTo(201);
        assertThat(api.post("sales1", "/api/prospects", prospect("p-" + run, "d-" + run, "s-1", "sales1")).status()).isEqualTo(201);
        // 10 units at 100.00 with 800.00 deposit required: 8 deposits of 100.00 fit, 10 installations of 1 unit fit
        assertThat(api.post("sales1", "/api/contracts", contract(c, "p-" + run, "sales1", 10, "100.00", "800.00")).status())
                .isEqualTo(201);

        List<Integer> deposits = all(i -> () -> api.post("finance", "/api/contracts/" + c + "/deposits",
                payment("pay-" + i, "100.00")).status());
        assertThat(deposits).containsOnly(201, 409);
        assertThat(deposits).filteredOn(status -> status == 201).hasSize(8);

        List<Integer> installations = all(i -> () -> api.post("installer", "/api/contracts/" + c + "/installations",
                installation("i-" + i, 1)).status());
        assertThat(installations).containsOnly(201, 409);
        assertThat(installations).filteredOn(status -> status == 201).hasSize(10);

        List<Map<String, Object>> rows = new EventTable(jdbc).rows("contract:" + c);
        assertThat(rows).hasSize(1 + 8 + 10);
        assertThat(rows).extracting(row -> ((Number) row.get("sequence_number")).intValue())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 19).boxed().toList());
        assertThat(rows).filteredOn(row -> "DepositCollected".equals(row.get("payload_type"))).hasSize(8);
        assertThat(rows).filteredOn(row -> "UnitsInstalled".equals(row.get("payload_type"))).hasSize(10);
        assertThat(rows).extracting(row -> row.get("global_index")).doesNotHaveDuplicates();
    }

    private static List<Integer> all(IntFunction<Callable<Integer>> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Callable<Integer> call = request.apply(i);
                answers.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
