package io.canvass.deploy.bench;

import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.contract.BalanceCollected;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.contract.DepositCollected;
import io.canvass.events.contract.InstallationId;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.contract.UnitsInstalled;
import io.canvass.events.prospect.BusinessKey;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;
import io.canvass.platform.audit.ChainedAppend;
import io.canvass.platform.audit.EventChain;
import io.canvass.platform.axon.CanvassSerializer;
import io.canvass.platform.axon.EventMetadata;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Fills the event store for P3 and P4 by writing the events the field process produces straight
 * into the event table ({@value Workload#FILLED_EVENTS} a contract, see {@link Workload}), as the
 * command side stores them: the same event records, serialized by the same {@link CanvassSerializer}
 * (type, revision, payload), metadata with user, role, correlation and causation ids, the
 * prospects' {@link BusinessKey}s, and positions reserved as {@link ChainedAppend} reserves them; the
 * command side's sealer seals them into the audit chain, and the fill ends when it has. A million
 * events through HTTP would take most of an hour at P1's rate, and P3/P4 measure reading, not writing. The contracts' steps are interleaved as 16
 * clients would send them. {@link Benchmark} checks afterwards that both apps read the filled
 * store: the command side answers a retried command with the filled event's position, and the
 * query side counts every filled contract.
 */
final class DirectFill {

    private static final DateTimeFormatter STORED_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int INTERLEAVE = 16;
    private static final int COMMIT_EVERY = 5_000;

    private final String url;
    private final Workload workload;
    private final CanvassSerializer serializer = new CanvassSerializer();

    DirectFill(int postgresPort, Workload workload) {
        this.url = "jdbc:postgresql://localhost:" + postgresPort + "/canvass?reWriteBatchedInserts=true";
        this.workload = workload;
    }

    /** Writes contracts {@code from} (inclusive) to {@code to} (exclusive); answers the last global position. */
    long fill(long from, long to, LongConsumer eventsWritten) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement event = connection.prepareStatement(ChainedAppend.insertSql());
             PreparedStatement key = connection.prepareStatement(
                     "insert into prospect_business_key (business_key, prospect_id) values (?, ?)")) {
            connection.setAutoCommit(false);
            long written = 0;
            List<EventChain.StoredEvent> pending = new ArrayList<>();
            for (long group = from; group < to; group += INTERLEAVE) {
                long end = Math.min(to, group + INTERLEAVE);
                for (int step = 0; step < Workload.FILLED_EVENTS; step++) {
                    for (long n = group; n < end; n++) {
                        Workload.Contract c = workload.filled(n);
                        Object stored = event(c, step);
                        pending.add(stored(stored, c.id(), step));
                        if (stored instanceof ProspectRecorded prospect) {
                            key.setString(1, BusinessKey.of(prospect.businessName(), prospect.address()).value());
                            key.setString(2, c.id());
                            key.addBatch();
                        }
                        if (++written % COMMIT_EVERY == 0) {
                            flush(connection, event, key, pending);
                            eventsWritten.accept(written);
                        }
                    }
                }
            }
            flush(connection, event, key, pending);
            eventsWritten.accept(written);
            connection.setAutoCommit(true);
            long last;
            try (Statement statement = connection.createStatement();
                 ResultSet head = statement.executeQuery("select coalesce(max(global_index), -1) from domain_event_entry")) {
                head.next();
                last = head.getLong(1);
            }
            awaitSealed(connection, last);
            return last;
        }
    }

    /**
     * Appends the pending events as the command side does: positions from {@code canvass_reserve},
     * no hash. The command side's sealer seals them into the audit chain after each commit.
     */
    private static void flush(Connection connection, PreparedStatement event, PreparedStatement key,
                              List<EventChain.StoredEvent> pending) throws SQLException {
        if (!pending.isEmpty()) {
            List<Long> positions = ChainedAppend.reserve(connection, pending.size());
            for (int i = 0; i < pending.size(); i++) {
                EventChain.StoredEvent e = pending.get(i);
                ChainedAppend.bind(event, new EventChain.StoredEvent(positions.get(i), e.eventIdentifier(),
                        e.aggregateIdentifier(), e.sequenceNumber(), e.type(), e.timeStamp(), e.payloadType(),
                        e.payloadRevision(), e.payload(), e.metaData()));
                event.addBatch();
            }
            pending.clear();
        }
        event.executeBatch();
        key.executeBatch();
        connection.commit();
    }

    /**
     * Waits until the command side's sealer has sealed the chain to {@code position}: the fill is
     * done when its events are part of the audit chain, as a command's are moments after it commits.
     */
    static void awaitSealed(Connection connection, long position) throws SQLException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
        try (PreparedStatement sealed = connection.prepareStatement("select coalesce(max(global_index), -1) from event_chain")) {
            while (true) {
                try (ResultSet head = sealed.executeQuery()) {
                    head.next();
                    if (head.getLong(1) >= position) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the command side has not sealed the audit chain to position "
                            + position + " in 10 minutes: is its sealer running? (canvass_audit_chain_sealer)");
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the seal", e);
                }
            }
        }
    }

    /** The last event of a filled contract: its third balance payment, as a retried request would send it. */
    static String lastRequest(Workload.Contract c) {
        return Workload.balanceRequest(c, c.id() + "-b3", "900.00");
    }

    /**
     * Step {@code step} of a filled contract (units 3 at 1280.00, deposit 1140.00): prospect,
     * signing, the deposit in two payments of 570.00, three installations of a unit, and the
     * balance of 2700.00 in three payments of 900.00, each allowed by the rules when it comes.
     * Receipt numbers are a prefix and the payment or installation id, as {@link Workload}'s requests.
     */
    private static Object event(Workload.Contract c, int step) {
        Instant at = Instant.parse(c.occurredAt());
        ContractId contract = new ContractId(c.id());
        return switch (step) {
            case 0 -> new ProspectRecorded(new ProspectId(c.id()), Channel.valueOf(c.channel()), c.businessName(),
                    new DistrictId(c.district()), new StreetId(c.street()), c.address(), null, null,
                    new UserId(c.salesperson()), at);
            case 1 -> new ContractSigned(contract, new ProspectId(c.id()), Channel.valueOf(c.channel()),
                    new DistrictId(c.district()), new StreetId(c.street()), new UserId(c.salesperson()), ContractKind.SALE,
                    c.units(), Money.parse(c.unitPrice()), Money.parse(c.deposit()), at);
            case 2, 3 -> {
                String id = c.id() + "-d" + (step - 1);
                yield new DepositCollected(contract, new PaymentId(id), Money.parse("570.00"), PaymentMethod.CASH, "R" + id, at);
            }
            case 4, 5, 6 -> {
                String id = c.id() + "-i" + (step - 3);
                yield new UnitsInstalled(contract, new InstallationId(id), 1, new UserId("installer"), "D" + id, at);
            }
            default -> {
                String id = c.id() + "-b" + (step - 6);
                yield new BalanceCollected(contract, new PaymentId(id), Money.parse("900.00"), PaymentMethod.CASH, "B" + id, at);
            }
        };
    }

    /** The row the command side would store for this event, its position still to be taken. */
    private EventChain.StoredEvent stored(Object stored, String id, int step) {
        boolean prospect = stored instanceof ProspectRecorded;
        String role = step <= 1 ? "MANAGER" : step <= 3 ? "FINANCE" : "INSTALLER";
        MetaData metadata = MetaData.from(Map.of(EventMetadata.USER_ID, role.toLowerCase(java.util.Locale.ROOT),
                EventMetadata.ROLE, role, EventMetadata.CORRELATION_ID, UUID.randomUUID().toString(),
                EventMetadata.CAUSATION_ID, UUID.randomUUID().toString()));
        SerializedObject<byte[]> payload = serializer.serialize(stored, byte[].class);
        return new EventChain.StoredEvent(-1, UUID.randomUUID().toString(),
                (prospect ? ProspectId.STREAM : ContractId.STREAM) + id, prospect ? 0 : step - 1,
                prospect ? "Prospect" : "Contract", STORED_TIME.format(Instant.now()), payload.getType().getName(),
                payload.getType().getRevision(), payload.getData(), serializer.serialize(metadata, byte[].class).getData());
    }
}
