package io.canvass.deploy.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Fills the event store for P3 and P4 by writing the events the field process produces straight
 * into the event table ({@value Workload#FILLED_EVENTS} a contract, see {@link Workload}), in the
 * command side's stored form (type, revision, Jackson JSON
 * payload, metadata with user, role, correlation and causation ids) and with the prospects'
 * business keys: a million events through HTTP would take most of an hour at P1's rate, and P3/P4
 * measure reading, not writing. The contracts' steps are interleaved as 16 clients would send
 * them. {@link Benchmark} checks afterwards that both apps read the filled store: the command side
 * answers a retried command with the filled event's position, and the query side counts every
 * filled contract.
 */
final class DirectFill {

    private static final DateTimeFormatter STORED_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int INTERLEAVE = 16;
    private static final int COMMIT_EVERY = 5_000;

    private final String url;
    private final Workload workload;

    DirectFill(int postgresPort, Workload workload) {
        this.url = "jdbc:postgresql://localhost:" + postgresPort + "/canvass?reWriteBatchedInserts=true";
        this.workload = workload;
    }

    /** Writes contracts {@code from} (inclusive) to {@code to} (exclusive); answers the last global position. */
    long fill(long from, long to, LongConsumer eventsWritten) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement event = connection.prepareStatement("insert into domain_event_entry (event_identifier,"
                     + " aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, payload,"
                     + " meta_data) values (?, ?, ?, ?, ?, ?, '1', ?, ?)");
             PreparedStatement key = connection.prepareStatement(
                     "insert into prospect_business_key (business_key, prospect_id) values (?, ?)")) {
            connection.setAutoCommit(false);
            long written = 0;
            for (long group = from; group < to; group += INTERLEAVE) {
                long end = Math.min(to, group + INTERLEAVE);
                for (int step = 0; step < Workload.FILLED_EVENTS; step++) {
                    for (long n = group; n < end; n++) {
                        Workload.Contract c = workload.filled(n);
                        add(event, c, step);
                        if (step == 0) {
                            key.setString(1, (c.businessName() + "|" + c.address()).toLowerCase(Locale.ROOT));
                            key.setString(2, c.id());
                            key.addBatch();
                        }
                        if (++written % COMMIT_EVERY == 0) {
                            flush(connection, event, key);
                            eventsWritten.accept(written);
                        }
                    }
                }
            }
            flush(connection, event, key);
            eventsWritten.accept(written);
            try (Statement statement = connection.createStatement();
                 ResultSet head = statement.executeQuery("select coalesce(max(global_index), -1) from domain_event_entry")) {
                head.next();
                return head.getLong(1);
            }
        }
    }

    private static void flush(Connection connection, PreparedStatement event, PreparedStatement key) throws SQLException {
        event.executeBatch();
        key.executeBatch();
        connection.commit();
    }

    /** A DepositCollected or BalanceCollected payload: receipt numbers are the prefix and the payment id. */
    private static String payment(Workload.Contract c, String paymentId, String amount, String receiptPrefix) {
        return String.format("{\"contractId\":\"%s\",\"paymentId\":\"%s\",\"amount\":\"%s\",\"method\":\"CASH\","
                + "\"receiptNo\":\"%s%s\",\"occurredAt\":\"%s\"}", c.id(), paymentId, amount, receiptPrefix, paymentId,
                c.occurredAt());
    }

    /** The last event of a filled contract: its third balance payment, as a retried request would send it. */
    static String lastRequest(Workload.Contract c) {
        return Workload.balanceRequest(c, c.id() + "-b3", "900.00");
    }

    /**
     * Step {@code step} of a filled contract (units 3 at 1280.00, deposit 1140.00): prospect,
     * signing, the deposit in two payments of 570.00, three installations of a unit, and the
     * balance of 2700.00 in three payments of 900.00, each allowed by the rules when it comes.
     */
    private static void add(PreparedStatement event, Workload.Contract c, int step) throws SQLException {
        String type = "Contract";
        String payloadType;
        String payload;
        String user;
        String role;
        switch (step) {
            case 0 -> {
                type = "Prospect";
                payloadType = "ProspectRecorded";
                payload = String.format("{\"prospectId\":\"%s\",\"channel\":\"%s\",\"businessName\":\"%s\","
                        + "\"districtId\":\"%s\",\"streetId\":\"%s\",\"address\":\"%s\",\"contactName\":null,"
                        + "\"contactPhone\":null,\"salespersonId\":\"%s\",\"occurredAt\":\"%s\"}", c.id(), c.channel(),
                        c.businessName(), c.district(), c.street(), c.address(), c.salesperson(), c.occurredAt());
                user = "manager";
                role = "MANAGER";
            }
            case 1 -> {
                payloadType = "ContractSigned";
                payload = String.format("{\"contractId\":\"%s\",\"prospectId\":\"%s\",\"channel\":\"%s\","
                        + "\"districtId\":\"%s\",\"streetId\":\"%s\",\"salespersonId\":\"%s\",\"kind\":\"SALE\","
                        + "\"units\":%d,\"unitPrice\":\"%s\",\"depositRequired\":\"%s\",\"occurredAt\":\"%s\"}", c.id(),
                        c.id(), c.channel(), c.district(), c.street(), c.salesperson(), c.units(), c.unitPrice(),
                        c.deposit(), c.occurredAt());
                user = "manager";
                role = "MANAGER";
            }
            case 2, 3 -> {
                payloadType = "DepositCollected";
                payload = payment(c, c.id() + "-d" + (step - 1), "570.00", "R");
                user = "finance";
                role = "FINANCE";
            }
            case 4, 5, 6 -> {
                String installationId = c.id() + "-i" + (step - 3);
                payloadType = "UnitsInstalled";
                payload = String.format("{\"contractId\":\"%s\",\"installationId\":\"%s\",\"units\":1,"
                        + "\"installerId\":\"installer\",\"deliveryReceiptNo\":\"D%s\",\"occurredAt\":\"%s\"}", c.id(),
                        installationId, installationId, c.occurredAt());
                user = "installer";
                role = "INSTALLER";
            }
            default -> {
                payloadType = "BalanceCollected";
                payload = payment(c, c.id() + "-b" + (step - 6), "900.00", "B");
                user = "installer";
                role = "INSTALLER";
            }
        }
        String metadata = String.format("{\"causationId\":\"%s\",\"correlationId\":\"%s\",\"role\":\"%s\",\"userId\":\"%s\"}",
                UUID.randomUUID(), UUID.randomUUID(), role, user);
        event.setString(1, UUID.randomUUID().toString());
        event.setString(2, (step == 0 ? "prospect:" : "contract:") + c.id());
        event.setLong(3, step == 0 ? 0 : step - 1);
        event.setString(4, type);
        event.setString(5, STORED_TIME.format(Instant.now()));
        event.setString(6, payloadType);
        event.setBytes(7, payload.getBytes(StandardCharsets.UTF_8));
        event.setBytes(8, metadata.getBytes(StandardCharsets.UTF_8));
        event.addBatch();
    }
}
