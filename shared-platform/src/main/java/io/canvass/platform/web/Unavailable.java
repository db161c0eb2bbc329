package io.canvass.platform.web;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a failure means a database cannot be reached right now (connection refused, the pool
 * timed out waiting for one, the server shutting down): a 503 with {@code Retry-After}, which the
 * field app retries, rather than a 500 that says the request itself was wrong. Commands are
 * idempotent, so a retry of one that did commit answers the same.
 */
public final class Unavailable {

    /** Seconds a client should wait before trying again. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private Unavailable() {
    }

    public static boolean isCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // refused, reset, broken pipe: the connection to the database is gone
            if (cause instanceof SQLTransientConnectionException || cause instanceof SocketException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") // connection exception
                    || sql.getSQLState().equals("57P01") // admin shutdown
                    || sql.getSQLState().equals("57P02") // crash shutdown
                    || sql.getSQLState().equals("57P03"))) { // cannot connect now
                return true;
            }
            // HikariCP 5.1 hands back a pooled connection the database has dropped as one that says only
            // this, without an SQLState
            if (cause instanceof SQLException sql && "Connection is closed".equals(sql.getMessage())) {
                return true;
            }
            String name = cause.getClass().getName();
            if (name.equals("org.springframework.jdbc.CannotGetJdbcConnectionException")
                    || name.equals("com.mongodb.MongoTimeoutException")
                    || name.equals("com.mongodb.MongoSocketOpenException")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
