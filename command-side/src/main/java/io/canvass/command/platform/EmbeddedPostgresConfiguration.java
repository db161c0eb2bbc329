package io.canvass.command.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The embedded default: with no {@code spring.datasource.url}, a real PostgreSQL 17 runs in this
 * process on a fixed port (so the query side can reach it), its data kept on disk, with durable
 * commits. With a URL, none of this exists and Spring Boot connects to that server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
@EnableConfigurationProperties(EmbeddedPostgresConfiguration.Settings.class)
public class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    /**
     * @param port        where the embedded server listens
     * @param dataDir     where it keeps its files between runs
     * @param database    the database Canvass uses
     * @param readerUser  the query side's login, which may only read the event table
     * @param readerPassword its password (the embedded server trusts local connections anyway)
     * @param writerUser  the command side's own login, which may only append events (V3)
     */
    @ConfigurationProperties("canvass.embedded-postgres")
    public record Settings(Integer port, String dataDir, String database, String readerUser, String readerPassword,
                           String writerUser) {
        public Settings {
            port = port == null ? 54329 : port;
            dataDir = dataDir == null ? "./data/postgres" : dataDir;
            database = database == null ? "canvass" : database;
            readerUser = readerUser == null ? "canvass_query" : readerUser;
            readerPassword = readerPassword == null ? "canvass_query" : readerPassword;
            writerUser = writerUser == null ? "canvass_app" : writerUser;
        }
    }

    @Bean(destroyMethod = "close")
    public EmbeddedPostgres embeddedPostgres(Settings settings) throws IOException, SQLException {
        Path dataDir = Path.of(settings.dataDir()).toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        if (stopOrphanedServer(dataDir)) {
            throw new IllegalStateException("The data folder " + dataDir + " is in use by the PostgreSQL of a running"
                    + " command side. Is another Canvass command side already running on it? Stop it first, or choose"
                    + " another folder with --canvass.embedded-postgres.data-dir.");
        }
        if (settings.port() != 0 && listening(settings.port())) {
            throw new IllegalStateException("Port " + settings.port() + " is already used by another server, not by a"
                    + " PostgreSQL of the data folder " + dataDir + ". Stop it, or choose another port with"
                    + " --canvass.embedded-postgres.port.");
        }
        log.info("Starting embedded PostgreSQL on port {} with data in {}", settings.port(), dataDir);
        EmbeddedPostgres postgres;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (settings.port() != 0) { // 0: any free port (tests)
                builder.setPort(settings.port());
            }
            postgres = builder
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // zonky turns durability off for speed; events are forever, so turn it back on
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL on port " + settings.port()
                    + " with data in " + dataDir + ". Is another Canvass command side already running on it?"
                    + " Choose another port with --canvass.embedded-postgres.port and another folder with"
                    + " --canvass.embedded-postgres.data-dir.", e);
        }
        // zonky takes any server answering on the port for its own: make sure it is this folder's
        String serving;
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            var directory = statement.executeQuery("show data_directory");
            directory.next();
            serving = Path.of(directory.getString(1)).toAbsolutePath().normalize().toString();
        }
        if (!serving.equals(dataDir.toString())) {
            postgres.close();
            throw new IllegalStateException("The PostgreSQL answering on port " + postgres.getPort() + " keeps its data in "
                    + serving + ", not in " + dataDir + ": refusing to use another server's data.");
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery(
                    "select 1 from pg_database where datname = '" + settings.database().replace("'", "''") + "'");
            if (!exists.next()) {
                statement.execute("create database \"" + settings.database() + "\"");
            }
            createLogin(statement, settings.readerUser(), settings.readerPassword());
            createLogin(statement, settings.writerUser(), settings.writerUser());
        }
        return postgres;
    }

    /**
     * A PostgreSQL left running on the data folder by a command side that was killed (kill -9
     * leaves the server, which runs as its own process): shut it down cleanly (a fast shutdown,
     * which rolls back what was in flight and keeps every committed event) before starting ours.
     * A folder whose lock a live command side holds is left alone.
     *
     * @return whether a live command side's server is running on the folder (starting must fail)
     */
    static boolean stopOrphanedServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (RuntimeException unreadable) {
            return false; // PostgreSQL itself deals with a stale or broken lock file
        }
        var server = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false));
        if (server.isEmpty()) {
            return false;
        }
        try (var lock = new java.io.RandomAccessFile(dataDir.resolve("epg-lock").toFile(), "rw");
             var held = lock.getChannel().tryLock()) {
            if (held == null) {
                return true; // a live command side owns it
            }
            log.warn("A PostgreSQL (pid {}) is still running on {}, left by a command side that did not stop cleanly;"
                    + " shutting it down before starting again", pid, dataDir);
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (server.get().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (server.get().isAlive()) {
                throw new IllegalStateException("The PostgreSQL left running on " + dataDir + " (pid " + pid
                        + ") did not shut down within 60 s; stop it by hand");
            }
            return false;
        } catch (java.nio.channels.OverlappingFileLockException ownedHere) {
            return true; // this JVM already runs a server on the folder
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the left-over PostgreSQL to stop", e);
        }
    }

    /** Whether something accepts connections on the port. */
    static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException nothing) {
            return false;
        }
    }

    /** Stops the command side, saying why, if the embedded server goes away ({@link EmbeddedPostgresWatchdog}). */
    @Bean(destroyMethod = "close")
    EmbeddedPostgresWatchdog embeddedPostgresWatchdog(EmbeddedPostgres postgres, Settings settings,
                                                      ConfigurableApplicationContext context) throws IOException {
        return new EmbeddedPostgresWatchdog(Path.of(settings.dataDir()).toAbsolutePath().normalize(), () -> {
            if (context.isActive()) { // not while the app is stopping anyway (the server stops with it)
                Thread stopper = new Thread(() -> System.exit(SpringApplication.exit(context, () -> 3)),
                        "stop-without-postgres");
                stopper.start();
            }
        }, Duration.ofSeconds(2));
    }

    /** A login that is neither superuser nor owner of anything; V2 and V3 grant it what it may do. */
    private static void createLogin(Statement statement, String name, String password) throws SQLException {
        var exists = statement.executeQuery("select 1 from pg_roles where rolname = '" + name.replace("'", "''") + "'");
        if (!exists.next()) {
            statement.execute("create role \"" + name.replace("\"", "") + "\" login nosuperuser nocreatedb nocreaterole"
                    + " password '" + password.replace("'", "''") + "'");
        }
    }

    /**
     * The application's connections: as the writer login, which may append events and read them,
     * and nothing else, so that the append-only protection holds against the application itself.
     */
    @Bean(destroyMethod = "close")
    @Primary
    public HikariDataSource dataSource(EmbeddedPostgres postgres, Settings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://localhost:" + postgres.getPort() + "/" + settings.database());
        config.setUsername(settings.writerUser());
        config.setPassword(settings.writerUser());
        config.setMaximumPoolSize(20);
        config.setConnectionTimeout(1500);
        config.setValidationTimeout(1000);
        config.setPoolName("canvass-embedded");
        return new HikariDataSource(config);
    }

    /**
     * Migrations run as the schema's owner (the embedded server's superuser), on connections of
     * their own that are closed as soon as Flyway is done with them: no pool, so no superuser
     * connection stays open once the command side has started (a pool kept an idle one for up to
     * 10 minutes, seen in pg_stat_activity; docs/operations.md#postgresql).
     */
    @Bean
    @FlywayDataSource
    public DataSource schemaOwnerDataSource(EmbeddedPostgres postgres, Settings settings) {
        return new SimpleDriverDataSource(new org.postgresql.Driver(),
                "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + settings.database(), "postgres", "");
    }
}
