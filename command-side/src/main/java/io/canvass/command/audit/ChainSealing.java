package io.canvass.command.audit;

import io.canvass.platform.audit.ChainSealer;
import io.canvass.platform.lifecycle.BackgroundLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Runs the chain's one sealer ({@link ChainSealer}) on a connection of its own. Every command side
 * runs this; the one holding the session advisory lock {@link #SEALER_LOCK} seals, the others try
 * again every few seconds (a sealer whose process or connection dies releases it). The sealer is
 * woken by the append notification (migration V7) as soon as events commit, and polls briefly while
 * a hole holds it back (a rollback notifies nobody).
 */
final class ChainSealing extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(ChainSealing.class);

    /** The session lock that elects the sealer ("canvass2"). */
    static final long SEALER_LOCK = 0x63616e7661737332L;

    private final DataSource dataSource;
    private final int batch;
    private final Duration retry;
    private final Counter sealed;
    private volatile long sealedHead = -1;
    private volatile boolean sealing;

    ChainSealing(DataSource dataSource, MeterRegistry metrics, int batch, Duration retry) {
        super("audit-chain-sealer");
        this.dataSource = dataSource;
        this.batch = batch;
        this.retry = retry;
        this.sealed = Counter.builder("canvass.audit.chain.sealed").baseUnit("events")
                .description("events sealed into the audit chain by this command side").register(metrics);
        Gauge.builder("canvass.audit.chain.sealed.position", this, s -> s.sealing ? s.sealedHead : Double.NaN)
                .description("the last position sealed into the audit chain, when this command side is the sealer"
                        + " (NaN otherwise)")
                .register(metrics);
        Gauge.builder("canvass.audit.chain.sealer", this, s -> s.sealing ? 1 : 0)
                .description("1 when this command side is the audit chain's sealer").register(metrics);
        Gauge.builder("canvass.audit.chain.unsealed", this, ChainSealing::unsealed).baseUnit("events")
                .description("events stored after the chain's sealed head, on the sealer (NaN elsewhere): above zero"
                        + " for long, the sealer is stuck")
                .register(metrics);
    }

    /** How many positions the store's head is past the sealed head (holes included); NaN when not the sealer. */
    double unsealed() {
        if (!sealing) {
            return Double.NaN;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement head = connection.prepareStatement(
                     "select coalesce(max(global_index), -1) from domain_event_entry");
             ResultSet row = head.executeQuery()) {
            row.next();
            return Math.max(0, row.getLong(1) - sealedHead);
        } catch (SQLException e) {
            return Double.NaN;
        }
    }

    /** Whether this command side holds the sealer's lock now. */
    boolean sealing() {
        return sealing;
    }

    @Override
    protected void loop() {
        boolean warned = false;
        while (running()) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN canvass_events");
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running() && !elected(connection)) {
                    postgres.getNotifications((int) retry.toMillis()); // keeps the queue short while waiting
                }
                if (!running()) {
                    release(connection);
                    return;
                }
                sealing = true;
                warned = false;
                log.info("This command side seals the audit chain");
                try {
                    ChainSealer sealer = new ChainSealer(batch);
                    while (running()) {
                        ChainSealer.Round round = sealer.seal(connection);
                        sealedHead = round.sealedHead();
                        sealed.increment(round.sealed());
                        if (round.sealed() == batch) {
                            continue; // more to seal at once
                        }
                        // a hole may be a rollback, which notifies nobody: look again soon
                        postgres.getNotifications(round.waiting() ? 5 : (int) retry.toMillis());
                    }
                } finally {
                    sealing = false;
                    release(connection); // the connection goes back to a pool: it must not keep the election
                }
            } catch (SQLException | RuntimeException e) {
                if (!running()) {
                    return;
                }
                if (!warned) {
                    log.warn("The audit chain's sealer stopped ({}); trying again every {}", e.toString(), retry);
                    warned = true;
                }
                try {
                    Thread.sleep(retry.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private static void release(Connection connection) {
        try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?)");
             Statement unlisten = connection.createStatement()) {
            unlock.setLong(1, SEALER_LOCK);
            unlock.execute();
            unlisten.execute("UNLISTEN *");
        } catch (SQLException | RuntimeException gone) {
            // a broken connection's session has ended, and its lock with it
        }
    }

    private static boolean elected(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, SEALER_LOCK);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }
}
