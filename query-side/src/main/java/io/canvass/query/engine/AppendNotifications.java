package io.canvass.query.engine;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.canvass.platform.lifecycle.BackgroundLoop;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Listens on PostgreSQL's {@code canvass_events} channel (notified by every transaction that appends
 * events, migration V7) on a connection of its own, and wakes the event store's reader at once: the
 * read models learn of a command's events when it commits, not at the next poll. On a lost
 * connection it listens again (every second until it can), waking the reader once listening, so
 * nothing committed meanwhile waits for the slow poll.
 */
final class AppendNotifications extends BackgroundLoop {

    private static final Logger LOG = LoggerFactory.getLogger(AppendNotifications.class);
    static final String CHANNEL = "canvass_events";

    private final DataSource dataSource;
    private final Runnable wake;
    private final Duration retry;
    private final AtomicLong received = new AtomicLong();
    private volatile boolean listening;

    AppendNotifications(DataSource dataSource, Runnable wake, Duration retry) {
        super("event-store-listener");
        this.dataSource = dataSource;
        this.wake = wake;
        this.retry = retry;
    }

    /** Whether a connection is listening now (otherwise the reader falls back to its poll). */
    boolean listening() {
        return listening;
    }

    long received() {
        return received.get();
    }

    /** Stops listening before the connection goes back to its pool, where nobody would read what it is sent. */
    private record Unlisten(Connection connection) implements AutoCloseable {
        @Override
        public void close() {
            try (Statement statement = connection.createStatement()) {
                statement.execute("UNLISTEN *");
            } catch (SQLException | RuntimeException gone) {
                // a broken connection's session has ended, and its LISTEN with it
            }
        }
    }

    @Override
    protected void loop() {
        boolean warned = false;
        while (running()) {
            try (Connection connection = dataSource.getConnection(); Unlisten unlisten = new Unlisten(connection)) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                listening = true;
                warned = false;
                LOG.info("Listening for appended events on {}", CHANNEL);
                wake.run();
                while (running()) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        received.addAndGet(notifications.length);
                        wake.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running()) {
                    return;
                }
                if (!warned) {
                    LOG.warn("Not listening for appended events ({}): the projections poll until it can again", e.toString());
                    warned = true;
                }
                try {
                    Thread.sleep(retry.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
        listening = false;
    }
}
