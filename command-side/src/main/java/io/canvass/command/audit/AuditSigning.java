package io.canvass.command.audit;

import io.canvass.command.platform.EmbeddedPostgresConfiguration;
import io.canvass.platform.security.EmbeddedDefault;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Where the audit signing key comes from: {@code canvass.audit.signing-key-file} when set (production
 * mounts it from a secret, and a missing file stops the start); otherwise, on the embedded default
 * only, {@code audit-signing-key.pem} beside the embedded PostgreSQL's data folder, made on first
 * start. A command side on a configured database without a key file does not start: digests
 * signed by a key nobody kept would prove nothing.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(AuditSigning.Settings.class)
public class AuditSigning {

    private static final Logger log = LoggerFactory.getLogger(AuditSigning.class);

    /**
     * @param signingKeyFile the Ed25519 key pair that signs the digests (unset: the embedded default's own)
     * @param digest         when the chain's head is signed
     * @param seal           how the chain's sealer works
     */
    @Validated
    @ConfigurationProperties("canvass.audit")
    public record Settings(String signingKeyFile, @Valid Digest digest, @Valid Seal seal) {
        public Settings {
            signingKeyFile = signingKeyFile == null ? "" : signingKeyFile;
            digest = digest == null ? new Digest(null, null, null) : digest;
            seal = seal == null ? new Seal(null, null) : seal;
        }
    }

    /**
     * @param everyEvents sign after this many new events
     * @param every       or after this long, when anything was appended
     * @param checkEvery  how often the signer looks whether a digest is due
     */
    public record Digest(@Min(1) Long everyEvents, Duration every, Duration checkEvery) {
        public Digest {
            everyEvents = everyEvents == null ? 1000L : everyEvents;
            every = every == null ? Duration.ofMinutes(10) : every;
            checkEvery = checkEvery == null ? Duration.ofSeconds(10) : checkEvery;
            if (checkEvery.toMillis() < 1) {
                throw new IllegalArgumentException("canvass.audit.digest.check-every must be at least 1ms: " + checkEvery);
            }
        }
    }

    /**
     * @param batch the most events the sealer seals in one transaction
     * @param retry how often a command side that is not the sealer tries to become it (and the sealer's
     *              wait when woken by nothing)
     */
    public record Seal(@Min(1) Integer batch, Duration retry) {
        public Seal {
            batch = batch == null ? 5000 : batch;
            retry = retry == null ? Duration.ofSeconds(1) : retry;
            if (retry.toMillis() < 1) {
                throw new IllegalArgumentException("canvass.audit.seal.retry must be at least 1ms: " + retry);
            }
        }
    }

    @Bean
    DigestSigner digestSigner(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock,
                              EmbeddedDefault embedded, Settings settings,
                              ObjectProvider<EmbeddedPostgresConfiguration.Settings> embeddedPostgres) {
        EmbeddedPostgresConfiguration.Settings postgres = embeddedPostgres.getIfAvailable();
        String postgresData = postgres == null ? "" : postgres.dataDir();
        return new DigestSigner(jdbc, new TransactionTemplate(transactions),
                signingKey(embedded, settings.signingKeyFile(), postgresData), clock, settings.digest());
    }

    /** The audit chain's sealer (one per database, elected among the command sides). */
    @Bean
    ChainSealing chainSealing(javax.sql.DataSource dataSource, io.micrometer.core.instrument.MeterRegistry metrics,
                              Settings settings) {
        return new ChainSealing(dataSource, metrics, settings.seal().batch(), settings.seal().retry());
    }

    static SigningKey signingKey(EmbeddedDefault embedded, String keyFile, String postgresData) {
        if (!keyFile.isBlank()) {
            return SigningKey.read(Path.of(keyFile));
        }
        if (!embedded.embedded()) {
            throw new IllegalStateException("Set canvass.audit.signing-key-file (CANVASS_AUDIT_SIGNING_KEY_FILE) to the"
                    + " audit signing key: a PEM file with an Ed25519 PRIVATE KEY and PUBLIC KEY block, see"
                    + " deploy/secrets/README.md");
        }
        Path file = Path.of(postgresData).toAbsolutePath().normalize().resolveSibling("audit-signing-key.pem");
        if (Files.exists(file)) {
            return SigningKey.read(file);
        }
        log.info("Made a new audit signing key in {}", file);
        return SigningKey.create(file);
    }
}
