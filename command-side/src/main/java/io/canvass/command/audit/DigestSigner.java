package io.canvass.command.audit;

import io.canvass.platform.audit.SignedDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Signs the sealed chain's head ({@code event_chain}, sealed by {@link ChainSealing}): when {@code canvass.audit.digest.every-events} events were appended since
 * the last digest, or {@code canvass.audit.digest.every} passed and anything was appended, and on
 * demand. Several command sides may sign at once: a digest's position is its key, the second
 * insert of one position is skipped.
 */
public class DigestSigner implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(DigestSigner.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SigningKey key;
    private final Clock clock;
    private final long everyEvents;
    private final Duration every;
    private final Duration checkEvery;

    DigestSigner(JdbcTemplate jdbc, TransactionTemplate transactions, SigningKey key, Clock clock,
                 AuditSigning.Digest when) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.key = key;
        this.clock = clock;
        this.everyEvents = when.everyEvents();
        this.every = when.every();
        this.checkEvery = when.checkEvery();
    }

    /** Looks whether a digest is due every {@code canvass.audit.digest.check-every}, the first time after as long. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::signWhenDue, checkEvery, checkEvery));
    }

    record Head(long position, byte[] hash) {
    }

    void signWhenDue() {
        try {
            Optional<Head> head = head();
            Optional<SignedDigest> last = latest();
            if (head.isEmpty() || last.isPresent() && head.get().position() <= last.get().position()) {
                return;
            }
            if (last.isEmpty() || head.get().position() - last.get().position() >= everyEvents
                    || !last.get().signedAt().plus(every).isAfter(clock.instant())) {
                sign(head.get());
            }
        } catch (RuntimeException e) {
            log.warn("Could not sign the audit chain's head (will try again): {}", e.toString());
        }
    }

    /** Signs the current head now; empty when no event is stored yet. */
    public Optional<SignedDigest> signNow() {
        return head().map(this::sign);
    }

    private SignedDigest sign(Head head) {
        SignedDigest digest = SignedDigest.sign(head.position(), head.hash(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), key.privateKey(), key.publicKey());
        transactions.executeWithoutResult(status -> jdbc.update("insert into audit_digest (position, head_hash,"
                        + " signed_at, key_id, public_key, signature) values (?, ?, ?, ?, ?, ?) on conflict (position) do nothing",
                digest.position(), digest.headHash(), digest.signedAt().toString(), digest.keyId(), digest.publicKey(),
                digest.signature()));
        log.info("Signed the audit chain's head at position {} ({}), key {}", digest.position(), digest.headHash(),
                digest.keyId());
        return latestAt(head.position()).orElse(digest);
    }

    private Optional<Head> head() {
        List<Head> head = jdbc.query("select global_index, chain_hash from event_chain"
                + " order by global_index desc limit 1", (row, n) -> new Head(row.getLong(1), row.getBytes(2)));
        return head.stream().findFirst();
    }

    private Optional<SignedDigest> latest() {
        return jdbc.query("select * from audit_digest order by position desc limit 1", SignedDigest::read)
                .stream().findFirst();
    }

    private Optional<SignedDigest> latestAt(long position) {
        return jdbc.query("select * from audit_digest where position = ?", SignedDigest::read, position)
                .stream().findFirst();
    }
}
