package io.canvass.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.canvass.command.Api.contract;
import static io.canvass.command.Api.district;
import static io.canvass.command.Api.payment;
import static io.canvass.command.Api.prospect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two command sides on one PostgreSQL decide as one would (issue 30, docs/command-consistency.md).
 * A reference command side on a PostgreSQL of its own takes the same commands as the pair, one at
 * a time, the pair taking them in turn: every answer and every stored event must be the reference's.
 * Then true races: two clients send conflicting commands on one contract to both at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoCommandSidesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;

    private ConfigurableApplicationContext reference;
    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;

    @BeforeAll
    void start() throws IOException {
        reference = embedded(data.resolve("reference"));
        Path pair = data.resolve("pair");
        first = embedded(pair);
        // the second command side on the first one's PostgreSQL, as a production instance is started
        second = new SpringApplicationBuilder(CommandSideApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:postgresql://localhost:"
                        + first.getEnvironment().getProperty("canvass.embedded-postgres.port") + "/canvass",
                "--spring.datasource.username=canvass_app", "--spring.datasource.password=canvass_app",
                "--spring.flyway.user=postgres", "--spring.flyway.password=",
                "--canvass.security.demo-users=true",
                "--canvass.audit.signing-key-file=" + pair.resolve("audit-signing-key.pem"));
    }

    private static ConfigurableApplicationContext embedded(Path folder) throws IOException {
        return new SpringApplicationBuilder(CommandSideApplication.class).run(
                "--server.port=0",
                "--canvass.embedded-postgres.port=" + freePort(),
                "--canvass.embedded-postgres.data-dir=" + folder.resolve("postgres"));
    }

    @AfterAll
    void stop() {
        for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[]{second, first, reference}) {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    @Order(1)
    void a_history_sent_one_command_at_a_time_to_either_side_is_answered_and_stored_as_one_side_would() {
        Api one = api(reference);
        Api[] pair = {api(first), api(second)};
        History history = new History(new Random(30), Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
        List<String> different = new ArrayList<>();
        Map<String, Integer> accepted = new HashMap<>();
        for (int step = 0; step < 400; step++) {
            History.Command command = history.next();
            String correlation = "h-" + step;
            Api.Answer expected = one.post(command.user(), command.path(), command.body(), correlation);
            Api.Answer answer = pair[step % 2].post(command.user(), command.path(), command.body(), correlation);
            history.answered(command, expected);
            if (expected.status() / 100 == 2) {
                accepted.merge(command.kind(), 1, Integer::sum);
            }
            if (answer.status() != expected.status() || !java.util.Objects.equals(answer.body(), expected.body())) {
                different.add(step + " " + command.kind() + " " + command.path() + " on side " + (step % 2) + ": "
                        + answer.status() + " " + answer.body() + " instead of " + expected.status() + " " + expected.body());
            }
        }
        assertThat(different).as("answers of the pair unlike one command side's").isEmpty();
        for (String kind : List.of("prospect", "contract", "deposit", "installation", "balance", "correction",
                "cancellation", "retry")) {
            assertThat(accepted.getOrDefault(kind, 0)).as("accepted commands of kind " + kind + ": " + accepted)
                    .isGreaterThanOrEqualTo(3);
        }
        assertThat(history.refused).as("and rules that refuse").isGreaterThan(20);
        assertThat(events(first)).isEqualTo(events(reference));
    }

    @Test
    @Order(2)
    void two_clients_racing_on_one_contract_through_both_sides_get_one_sides_answers_and_lose_nothing() throws Exception {
        Api a = api(first);
        Api b = api(second);
        assertThat(a.post("manager", "/api/districts", district("race-d", "s-1")).status()).isEqualTo(201);
        assertThat(b.post("sales1", "/api/prospects", prospect("race-p", "race-d", "s-1", "sales1")).status()).isEqualTo(201);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String c = "race-" + round;
                String signing = contract(c, "race-p", "sales1", 2, "500.00", round % 2 == 0 ? "500.00" : "1000.00");
                // a field app and its retry sign the new contract on both sides at once: both are its first answer
                List<Api.Answer> signed = race(clients, () -> a.post("sales1", "/api/contracts", signing),
                        () -> b.post("sales1", "/api/contracts", signing));
                assertThat(signed).extracting(Api.Answer::status).containsOnly(201);
                assertThat(signed.get(0).body()).isEqualTo(signed.get(1).body());

                // two deposits of 500.00: on a contract requiring 500.00 one is refused by the rule, as one side
                // taking them in turn would refuse it; on one requiring 1000.00 both are taken
                String path = "/api/contracts/" + c + "/deposits";
                List<Api.Answer> deposits = race(clients, () -> a.post("finance", path, payment("pay-a", "500.00")),
                        () -> b.post("finance", path, payment("pay-b", "500.00")));
                if (round % 2 == 0) {
                    assertThat(deposits).extracting(Api.Answer::status).containsExactlyInAnyOrder(201, 409);
                    Api.Answer refused = deposits.stream().filter(answer -> answer.status() == 409).findFirst().orElseThrow();
                    assertThat(refused.field("title")).as(refused.body().toString()).isEqualTo("Refused by a business rule");
                    assertThat(refused.field("detail")).contains("would bring deposits to 1000.00, more than the 500.00");
                } else {
                    assertThat(deposits).as(deposits.toString()).extracting(Api.Answer::status).containsOnly(201);
                }

                List<Map<String, Object>> rows = new EventTable(first.getBean(JdbcTemplate.class)).fieldRows("contract:" + c);
                List<Api.Answer> accepted = deposits.stream().filter(answer -> answer.status() == 201).toList();
                assertThat(rows).extracting(row -> ((Number) row.get("sequence_number")).intValue())
                        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(0, accepted.size()).boxed().toList());
                for (Api.Answer deposit : accepted) {
                    // no acknowledged deposit is lost: its answer names the row that holds it
                    Map<String, Object> row = rows.get(deposit.body().get("version").asInt());
                    assertThat(((Number) row.get("global_index")).longValue()).isEqualTo(deposit.body().get("position").asLong());
                    assertThat(row.get("payload_type")).isEqualTo("DepositCollected");
                }
                // and each answer is given again by either side
                for (int i = 0; i < 2; i++) {
                    Api other = i == 0 ? b : a;
                    Api.Answer again = other.post("finance", path, payment(i == 0 ? "pay-a" : "pay-b", "500.00"));
                    assertThat(again.status()).isEqualTo(deposits.get(i).status());
                    if (again.status() == 201) {
                        assertThat(again.body()).isEqualTo(deposits.get(i).body());
                    }
                }
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(conflicts(first) + conflicts(second)).as("appends that lost a race and were decided again")
                .isPositive();
    }

    private static double conflicts(ConfigurableApplicationContext app) {
        return app.getBean(io.micrometer.core.instrument.MeterRegistry.class).counter("canvass.commands.conflicts").count();
    }

    /** Both requests released at one moment; their answers in order. */
    private static List<Api.Answer> race(ExecutorService clients, Callable<Api.Answer> one, Callable<Api.Answer> other)
            throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Future<Api.Answer> first = clients.submit(() -> {
            go.await();
            return one.call();
        });
        Future<Api.Answer> second = clients.submit(() -> {
            go.await();
            return other.call();
        });
        go.countDown();
        return List.of(first.get(), second.get());
    }

    /**
     * Every stored event as it would compare across stores: all but its own id and moment, and the
     * id of the command message that caused it (a new one for each request).
     */
    private static List<Map<String, Object>> events(ConfigurableApplicationContext app) {
        return app.getBean(JdbcTemplate.class).queryForList("select global_index, aggregate_identifier, sequence_number,"
                        + " type, payload_type, payload_revision, convert_from(payload, 'UTF8') as payload,"
                        + " convert_from(meta_data, 'UTF8') as meta_data from domain_event_entry order by global_index")
                .stream().peek(row -> row.put("meta_data", withoutCausation((String) row.get("meta_data")))).toList();
    }

    private static JsonNode withoutCausation(String metadata) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(metadata);
            json.remove("causationId");
            return json;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Api api(ConfigurableApplicationContext app) {
        return new Api(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A random field history: prospects, contracts, deposits, installations, balances, payment
     * corrections, cancellations and retries of earlier commands, mostly valid, some refused. It
     * follows what the reference answered, so its next command fits the contracts as they stand.
     */
    static final class History {

        record Command(String kind, String user, String path, String body, Runnable whenAccepted) {
        }

        private static final class Contract {
            final String id;
            final int units;
            final BigDecimal price;
            final BigDecimal depositRequired;
            BigDecimal deposits = BigDecimal.ZERO.setScale(2);
            BigDecimal balances = BigDecimal.ZERO.setScale(2);
            int installed;
            /** Each payment's amount as it counts now, and whether it is a deposit. */
            final Map<String, BigDecimal> payments = new HashMap<>();
            final java.util.Set<String> depositIds = new java.util.HashSet<>();

            Contract(String id, int units, BigDecimal price, BigDecimal depositRequired) {
                this.id = id;
                this.units = units;
                this.price = price;
                this.depositRequired = depositRequired;
            }
        }

        private final Random random;
        private final Instant start;
        private final List<String> prospects = new ArrayList<>();
        private final List<Contract> contracts = new ArrayList<>();
        private final List<Command> sent = new ArrayList<>();
        private int n;
        int refused;

        History(Random random, Instant start) {
            this.random = random;
            this.start = start;
        }

        Command next() {
            n++;
            if (n == 1) {
                String plan = district("h-d", "s-1", "s-2", "s-3");
                return new Command("district", "manager", "/api/districts",
                        plan.substring(0, plan.length() - 1) + ",\"occurredAt\":\"" + at() + "\"}", () -> { });
            }
            int roll = random.nextInt(100);
            Command command;
            if (prospects.isEmpty() || roll < 8) {
                command = newProspect();
            } else if (contracts.isEmpty() || roll < 20) {
                command = sign();
            } else if (roll < 36) {
                command = deposit(someContract());
            } else if (roll < 50) {
                command = installation(someContract());
            } else if (roll < 64) {
                command = balance(someContract());
            } else if (roll < 73) {
                command = correction(someContract());
            } else if (roll < 78) {
                command = cancellation(someContract());
            } else {
                Command earlier = sent.get(random.nextInt(sent.size()));
                return new Command("retry", earlier.user(), earlier.path(), earlier.body(), () -> { });
            }
            sent.add(command);
            return command;
        }

        void answered(Command command, Api.Answer answer) {
            if (answer.status() / 100 == 2) {
                command.whenAccepted().run();
            } else {
                refused++;
            }
        }

        /** Mostly one of the last few contracts, so that one contract's commands follow each other. */
        private Contract someContract() {
            int recent = Math.min(contracts.size(), 4);
            return random.nextInt(10) < 8 ? contracts.get(contracts.size() - 1 - random.nextInt(recent))
                    : contracts.get(random.nextInt(contracts.size()));
        }

        private String at() {
            return start.plusSeconds(10L * n).toString();
        }

        private Command newProspect() {
            String id = "h-p" + n;
            String body = prospect(id, "h-d", "s-" + (1 + random.nextInt(3)), "sales1")
                    .replace("2026-03-01T01:30:00Z", at());
            return new Command("prospect", "sales1", "/api/prospects", body, () -> prospects.add(id));
        }

        private Command sign() {
            String id = "h-c" + n;
            int units = 1 + random.nextInt(3);
            BigDecimal price = new BigDecimal(List.of("460.00", "800.00", "1380.00").get(random.nextInt(3)));
            BigDecimal value = price.multiply(BigDecimal.valueOf(units));
            BigDecimal deposit = value.multiply(new BigDecimal(List.of("0", "0.3", "0.5").get(random.nextInt(3))))
                    .setScale(2, RoundingMode.HALF_UP);
            String body = contract(id, prospects.get(random.nextInt(prospects.size())), "sales1", units,
                    price.toPlainString(), deposit.toPlainString()).replace("2026-03-01T01:30:00Z", at());
            return new Command("contract", "sales1", "/api/contracts", body,
                    () -> contracts.add(new Contract(id, units, price, deposit)));
        }

        private Command deposit(Contract c) {
            BigDecimal remaining = c.depositRequired.subtract(c.deposits);
            BigDecimal amount = switch (random.nextInt(5)) {
                case 0, 1 -> remaining;
                case 2, 3 -> remaining.divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN);
                default -> remaining.add(new BigDecimal("10.00"));
            };
            BigDecimal paid = amount.signum() > 0 ? amount : new BigDecimal("1.00");
            String payment = "pay-" + n;
            return new Command("deposit", "finance", "/api/contracts/" + c.id + "/deposits", money(payment, paid), () -> {
                c.deposits = c.deposits.add(paid);
                c.payments.put(payment, paid);
                c.depositIds.add(payment);
            });
        }

        private Command installation(Contract c) {
            int units = c.installed < c.units ? 1 + random.nextInt(c.units - c.installed) : 1;
            String body = "{\"installationId\":\"i-" + n + "\",\"units\":" + units
                    + ",\"installerId\":\"installer\",\"deliveryReceiptNo\":\"D-" + n + "\",\"occurredAt\":\"" + at() + "\"}";
            return new Command("installation", "installer", "/api/contracts/" + c.id + "/installations", body,
                    () -> c.installed += units);
        }

        private Command balance(Contract c) {
            BigDecimal allowed = c.price.multiply(BigDecimal.valueOf(c.installed)).subtract(c.deposits).subtract(c.balances);
            BigDecimal amount = switch (random.nextInt(5)) {
                case 0, 1, 2 -> allowed;
                case 3 -> allowed.divide(BigDecimal.valueOf(3), 2, RoundingMode.DOWN);
                default -> allowed.add(new BigDecimal("1.00"));
            };
            BigDecimal paid = amount.signum() > 0 ? amount : new BigDecimal("5.00");
            String payment = "pay-" + n;
            return new Command("balance", "finance", "/api/contracts/" + c.id + "/balance-payments", money(payment, paid),
                    () -> {
                        c.balances = c.balances.add(paid);
                        c.payments.put(payment, paid);
                    });
        }

        private Command correction(Contract c) {
            List<String> payments = new ArrayList<>(c.payments.keySet());
            java.util.Collections.sort(payments);
            String payment = payments.isEmpty() || random.nextInt(8) == 0 ? "pay-none"
                    : payments.get(random.nextInt(payments.size()));
            BigDecimal was = c.payments.getOrDefault(payment, new BigDecimal("100.00"));
            BigDecimal corrected = switch (random.nextInt(3)) {
                case 0 -> was.divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN);
                case 1 -> BigDecimal.ZERO.setScale(2);
                default -> was.add(new BigDecimal("5.00"));
            };
            String body = "{\"correctionId\":\"fix-" + n + "\",\"correctedAmount\":\"" + corrected.toPlainString()
                    + "\",\"reason\":\"the receipt says otherwise\",\"occurredAt\":\"" + at() + "\"}";
            return new Command("correction", "finance", "/api/contracts/" + c.id + "/payments/" + payment + "/corrections",
                    body, () -> {
                        BigDecimal delta = corrected.subtract(was);
                        c.payments.put(payment, corrected);
                        if (c.depositIds.contains(payment)) {
                            c.deposits = c.deposits.add(delta);
                        } else {
                            c.balances = c.balances.add(delta);
                        }
                    });
        }

        private Command cancellation(Contract c) {
            String body = "{\"reason\":\"the salon closed\",\"occurredAt\":\"" + at() + "\"}";
            return new Command("cancellation", "finance", "/api/contracts/" + c.id + "/cancellation", body, () -> { });
        }

        private String money(String paymentId, BigDecimal amount) {
            return payment(paymentId, amount.toPlainString()).replace("2026-03-02T02:00:00Z", at());
        }
    }
}
