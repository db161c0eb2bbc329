package io.canvass.command.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

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
        Path dataDir = Path.of(settings.dataDir()).toAbsolutePath();
        Files.createDirectories(dataDir);
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
        config.setPoolName("canvass-embedded");
        return new HikariDataSource(config);
    }

    /** Migrations run as the schema's owner (the embedded server's superuser), on a connection of their own. */
    @Bean(destroyMethod = "close")
    @FlywayDataSource
    public HikariDataSource schemaOwnerDataSource(EmbeddedPostgres postgres, Settings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://localhost:" + postgres.getPort() + "/" + settings.database());
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setPoolName("canvass-schema-owner");
        return new HikariDataSource(config);
    }
}
