package io.canvass.command.audit;

import io.canvass.platform.security.EmbeddedDefault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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
public class AuditSigning {

    private static final Logger log = LoggerFactory.getLogger(AuditSigning.class);

    @Bean
    DigestSigner digestSigner(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock,
                              EmbeddedDefault embedded,
                              @Value("${canvass.audit.signing-key-file:}") String keyFile,
                              @Value("${canvass.embedded-postgres.data-dir:./data/postgres}") String postgresData,
                              @Value("${canvass.audit.digest.every-events:1000}") long everyEvents,
                              @Value("${canvass.audit.digest.every:10m}") Duration every) {
        if (everyEvents < 1) {
            throw new IllegalStateException("canvass.audit.digest.every-events must be at least 1, not " + everyEvents);
        }
        return new DigestSigner(jdbc, new TransactionTemplate(transactions), signingKey(embedded, keyFile, postgresData),
                clock, everyEvents, every);
    }

    /** The audit chain's sealer (one per database, elected among the command sides). */
    @Bean
    ChainSealing chainSealing(javax.sql.DataSource dataSource, io.micrometer.core.instrument.MeterRegistry metrics,
                              @Value("${canvass.audit.seal.batch:5000}") int batch,
                              @Value("${canvass.audit.seal.retry:1s}") Duration retry) {
        if (batch < 1 || retry.toMillis() < 1) {
            throw new IllegalStateException("canvass.audit.seal.batch must be at least 1 and canvass.audit.seal.retry at"
                    + " least 1ms, not " + batch + " and " + retry);
        }
        return new ChainSealing(dataSource, metrics, batch, retry);
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
