package io.canvass.query.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.canvass.platform.Branch;
import io.canvass.platform.audit.EventChain;
import io.canvass.platform.audit.SignedDigest;
import io.canvass.platform.web.Busy;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.engine.ReadModelGenerations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * Re-walks the whole chain and checks it against every stored digest: each event's stored bytes
 * must hash, over the event before it, to its stored hash; each digest must be signed by a trusted
 * key and name the hash the walk computed at its position. The first disagreement is reported
 * with the event and the digest it contradicts. Runs on request, daily
 * ({@code canvass.audit.verify-cron}) and a minute after start (once the read models are built);
 * its outcome is a metric.
 */
@Component
@EnableScheduling
@EnableConfigurationProperties(ChainVerifier.Settings.class)
public class ChainVerifier implements SchedulingConfigurer {

    /**
     * @param trustedKeys      key ids whose digests verification accepts (none: the key of the first digest)
     * @param verifyCron       when the whole chain is verified, in the branch's zone (02:30 every day)
     * @param verifyAfterStart the first verification after start, once the read models are built
     */
    @ConfigurationProperties("canvass.audit")
    public record Settings(List<String> trustedKeys, String verifyCron, Duration verifyAfterStart) {
        public Settings {
            trustedKeys = trustedKeys == null ? List.of() : List.copyOf(trustedKeys);
            verifyCron = verifyCron == null ? "0 30 2 * * *" : verifyCron;
            verifyAfterStart = verifyAfterStart == null ? Duration.ofSeconds(60) : verifyAfterStart;
            if (!CronExpression.isValidExpression(verifyCron)) {
                throw new IllegalArgumentException("canvass.audit.verify-cron is not a cron expression: " + verifyCron);
            }
            if (verifyAfterStart.isNegative()) {
                throw new IllegalArgumentException("canvass.audit.verify-after-start must not be negative: "
                        + verifyAfterStart);
            }
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ChainVerifier.class);

    private final DataSource dataSource;
    private final Clock clock;
    private final Set<String> trustedKeys;
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicReference<Verification> last = new AtomicReference<>();
    private final Counter passed;
    private final Counter failed;
    private final ReadModelGenerations generations;
    private final Settings settings;
    private final ZoneId zone;
    private volatile boolean verifiedAfterStart;

    @Autowired
    ChainVerifier(DataSource dataSource, Clock clock, MeterRegistry metrics, ReadModelGenerations generations,
                  Settings settings, CanvassSettings branch) {
        this(dataSource, clock, metrics, generations, settings, branch.zone());
    }

    /** Trusting these keys, never scheduled (tests). */
    ChainVerifier(DataSource dataSource, Clock clock, MeterRegistry metrics, ReadModelGenerations generations,
                  List<String> trustedKeys) {
        this(dataSource, clock, metrics, generations, new Settings(trustedKeys, null, null), Branch.DEFAULT_ZONE);
    }

    private ChainVerifier(DataSource dataSource, Clock clock, MeterRegistry metrics, ReadModelGenerations generations,
                          Settings settings, ZoneId zone) {
        this.settings = settings;
        this.zone = zone;
        List<String> trustedKeys = settings.trustedKeys();
        this.dataSource = dataSource;
        this.generations = generations;
        this.clock = clock;
        this.trustedKeys = new LinkedHashSet<>(trustedKeys.stream().map(String::strip).filter(k -> !k.isEmpty()).toList());
        Gauge.builder("canvass.audit.chain.intact", this, ChainVerifier::lastIntact)
                .description("1 when the last verification found the event chain and every digest intact, 0 when it"
                        + " found a break, NaN before the first")
                .register(metrics);
        Gauge.builder("canvass.audit.verification.time", last,
                        l -> l.get() == null ? Double.NaN : l.get().finishedAt().getEpochSecond())
                .description("when the last verification of the event chain finished (epoch seconds)")
                .baseUnit("seconds").register(metrics);
        Gauge.builder("canvass.audit.verified.position", last,
                        l -> l.get() == null ? Double.NaN : l.get().headPosition())
                .description("the last position the last verification walked to").register(metrics);
        passed = Counter.builder("canvass.audit.verifications").tag("result", "intact").register(metrics);
        failed = Counter.builder("canvass.audit.verifications").tag("result", "broken").register(metrics);
    }

    /** 1 intact, 0 broken, NaN before the first verification: what the metric says. */
    double lastIntact() {
        Verification verification = last.get();
        return verification == null ? Double.NaN : verification.ok() ? 1 : 0;
    }

    /** Where the walk and the stored history part. */
    /** What the walk could not name is absent rather than null (a deleted event has no id, no hash). */
    public record Break(long position, @JsonInclude(JsonInclude.Include.NON_NULL) String eventId,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String aggregateId,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String payloadType,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String storedHash,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String computedHash, String reason,
                        @JsonInclude(JsonInclude.Include.NON_NULL) SignedDigest contradicts) {
    }

    /** Absent rather than null: no event yet (headHash), no digest yet, no break. */
    public record Verification(boolean ok, long eventsChecked, long headPosition,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String headHash, long unsealedEvents,
                               int digestsChecked, @JsonInclude(JsonInclude.Include.NON_NULL) SignedDigest latestDigest,
                               List<String> signingKeys, @JsonInclude(JsonInclude.Include.NON_NULL) Break firstBreak,
                               Instant startedAt, Instant finishedAt) {
    }

    /** Thrown when a verification is asked for while another runs. */
    public static final class AlreadyRunning extends Busy {
        AlreadyRunning() {
            super("a verification of the chain is running; ask again when it has finished");
        }
    }

    public Verification verify(LongConsumer progress) {
        try {
            // a scheduled run on a small store is over in moments: wait for it rather than refuse
            if (!running.tryLock(30, TimeUnit.SECONDS)) {
                throw new AlreadyRunning();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlreadyRunning();
        }
        try {
            Verification verification = walk(progress);
            last.set(verification);
            (verification.ok() ? passed : failed).increment();
            if (verification.ok()) {
                log.info("Audit chain intact: {} events to position {}, {} digests", verification.eventsChecked(),
                        verification.headPosition(), verification.digestsChecked());
            } else {
                log.error("AUDIT CHAIN BROKEN at position {}: {}", verification.firstBreak().position(),
                        verification.firstBreak().reason());
            }
            return verification;
        } finally {
            running.unlock();
        }
    }

    /**
     * Daily at {@code canvass.audit.verify-cron} in the branch's zone, and, every 5 s from
     * {@code canvass.audit.verify-after-start} on, the first verification after start once it may run.
     */
    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addCronTask(new CronTask(this::daily, new CronTrigger(settings.verifyCron(), zone)));
        tasks.addFixedDelayTask(new FixedDelayTask(this::afterStart, Duration.ofSeconds(5), settings.verifyAfterStart()));
    }

    void daily() {
        verifyQuietly();
    }

    /**
     * A minute after start, or later: not while the first generation of the read models is being
     * built (the embedded default builds it at every start), whose time to ready both would share
     * the two cores for.
     */
    void afterStart() {
        if (verifiedAfterStart || !generations.ready()) {
            return;
        }
        verifiedAfterStart = true;
        verifyQuietly();
    }

    private void verifyQuietly() {
        try {
            verify(position -> { });
        } catch (RuntimeException e) {
            log.warn("Scheduled verification could not run: {}", e.toString());
        }
    }

    private Verification walk(LongConsumer progress) {
        Instant started = clock.instant();
        List<SignedDigest> digests = ChainWalk.digests(dataSource);
        Break[] broken = {null};
        Break badDigest = checkSignatures(digests);
        long[] checked = {0};
        long[] head = {-1};
        byte[][] previous = {EventChain.genesis()};
        byte[][] beforePrevious = {null};
        long[] previousPosition = {-1};
        String[] previousEvent = {null};
        int[] nextDigest = {0};
        long[] unsealed = {0};
        long[] sealedHead = {-1};
        ChainWalk.walk(dataSource, 0, Long.MAX_VALUE, row -> {
            EventChain.StoredEvent event = row.event();
            sealedHead[0] = row.sealedHead();
            if (row.unsealed()) {
                unsealed[0]++; // committed after the sealer's last round: part of the chain at its next
                return true;
            }
            // a digest whose position was passed without meeting its event: that event is gone
            while (nextDigest[0] < digests.size() && digests.get(nextDigest[0]).position() < event.globalIndex()) {
                SignedDigest digest = digests.get(nextDigest[0]);
                broken[0] = new Break(digest.position(), null, null, null, digest.headHash(), null,
                        "the event this digest signed (position " + digest.position() + ") is no longer stored", digest);
                return false;
            }
            if (row.storedHash() == null) {
                broken[0] = new Break(event.globalIndex(), event.eventIdentifier(), event.aggregateIdentifier(),
                        event.payloadType(), null, null, "this event is not in the chain, though the chain is sealed past"
                        + " its position (to " + row.sealedHead() + "): it was inserted after its place was sealed",
                        firstDigestFrom(digests, event.globalIndex()));
                return false;
            }
            if (row.legacyHash() != null && !ChainWalk.matches(row.legacyHash(), row.storedHash())) {
                broken[0] = new Break(event.globalIndex(), event.eventIdentifier(), event.aggregateIdentifier(),
                        event.payloadType(), EventChain.hex(row.storedHash()), EventChain.hex(row.legacyHash()),
                        "the hash the event table kept for this event (appended before the chain was sealed apart,"
                                + " migration V9) differs from its sealed hash",
                        firstDigestFrom(digests, event.globalIndex()));
                return false;
            }
            byte[] computed = EventChain.hash(previous[0], event);
            if (!ChainWalk.matches(computed, row.storedHash())) {
                if (beforePrevious[0] != null
                        && ChainWalk.matches(EventChain.hash(beforePrevious[0], event), row.storedHash())) {
                    // this event was chained onto the one before its predecessor: the predecessor was slipped in
                    broken[0] = new Break(previousPosition[0], previousEvent[0], null, null, null, null,
                            "the event at position " + previousPosition[0] + " was inserted: the event after it (position "
                                    + event.globalIndex() + ") was chained onto the event before it",
                            firstDigestFrom(digests, previousPosition[0]));
                    return false;
                }
                broken[0] = new Break(event.globalIndex(), event.eventIdentifier(), event.aggregateIdentifier(),
                        event.payloadType(), EventChain.hex(row.storedHash()), EventChain.hex(computed),
                        "the stored event does not hash to its stored chain hash over the event before it: this event"
                                + " was changed or moved, or one before it was deleted or inserted",
                        firstDigestFrom(digests, event.globalIndex()));
                return false;
            }
            if (nextDigest[0] < digests.size() && digests.get(nextDigest[0]).position() == event.globalIndex()) {
                SignedDigest digest = digests.get(nextDigest[0]++);
                if (!digest.headHash().equals(EventChain.hex(computed))) {
                    broken[0] = new Break(event.globalIndex(), event.eventIdentifier(), event.aggregateIdentifier(),
                            event.payloadType(), EventChain.hex(row.storedHash()), EventChain.hex(computed),
                            "the chain no longer reaches the head signed at this position: history up to here was"
                                    + " rewritten together with its hashes", digest);
                    return false;
                }
            }
            beforePrevious[0] = previous[0];
            previous[0] = computed;
            previousPosition[0] = event.globalIndex();
            previousEvent[0] = event.eventIdentifier();
            head[0] = event.globalIndex();
            if (++checked[0] % 10_000 == 0) {
                progress.accept(checked[0]);
                if (checked[0] % 100_000 == 0) {
                    log.info("Verifying the audit chain: {} events checked, at position {}", checked[0], event.globalIndex());
                }
            }
            return true;
        });
        if (broken[0] == null && sealedHead[0] > head[0]) {
            broken[0] = new Break(sealedHead[0], null, null, null, null, null,
                    "the event sealed at position " + sealedHead[0] + " is no longer stored: events after position "
                            + head[0] + " were deleted", firstDigestFrom(digests, sealedHead[0]));
        }
        if (broken[0] == null && nextDigest[0] < digests.size()) {
            SignedDigest digest = digests.get(nextDigest[0]);
            broken[0] = new Break(digest.position(), null, null, null, digest.headHash(), null,
                    "the event this digest signed (position " + digest.position() + ") is no longer stored: events"
                            + " after position " + head[0] + " were deleted", digest);
        }
        Break first = broken[0] == null ? badDigest
                : badDigest == null || broken[0].position() <= badDigest.position() ? broken[0] : badDigest;
        List<String> keys = digests.stream().map(SignedDigest::keyId).distinct().toList();
        return new Verification(first == null, checked[0], head[0], head[0] < 0 ? null : EventChain.hex(previous[0]),
                unsealed[0], digests.size(), digests.isEmpty() ? null : digests.get(digests.size() - 1), keys, first, started,
                clock.instant());
    }

    /** The first digest signed by a key that is not trusted, or whose signature does not hold. */
    private Break checkSignatures(List<SignedDigest> digests) {
        Set<String> trusted = trustedKeys.isEmpty() && !digests.isEmpty()
                ? Set.of(digests.get(0).keyId()) : trustedKeys;
        for (SignedDigest digest : digests) {
            if (!digest.signatureValid()) {
                return new Break(digest.position(), null, null, null, digest.headHash(), null,
                        "the digest at this position is not signed by the key it names", digest);
            }
            if (!trusted.contains(digest.keyId())) {
                return new Break(digest.position(), null, null, null, digest.headHash(), null,
                        "the digest at this position is signed by key " + digest.keyId() + ", not a trusted one "
                                + trusted + " (canvass.audit.trusted-keys)", digest);
            }
        }
        return null;
    }

    private static SignedDigest firstDigestFrom(List<SignedDigest> digests, long position) {
        return digests.stream().filter(d -> d.position() >= position).findFirst().orElse(null);
    }

    /** A contract's events, each checked over the event stored before it, and the chain from them to the latest digest. */
    /** Absent rather than null: no digest yet, nothing to note, no break. */
    public record ContractProof(String contractId, boolean ok, List<Link> events,
                                @JsonInclude(JsonInclude.Include.NON_NULL) SignedDigest digest, long linksWalked,
                                boolean reachesDigest, @JsonInclude(JsonInclude.Include.NON_NULL) String note,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Break firstBreak) {
    }

    public record Link(long position, String eventId, String payloadType, String previousHash, String hash) {
    }

    public ContractProof verifyContract(String contractId, List<Long> positions) {
        List<SignedDigest> digests = ChainWalk.digests(dataSource);
        Break badDigest = checkSignatures(digests);
        SignedDigest digest = digests.isEmpty() ? null : digests.get(digests.size() - 1);
        long first = positions.get(0);
        long last = positions.get(positions.size() - 1);
        long until = digest == null || digest.position() < last ? last : digest.position();
        Set<Long> ours = new java.util.HashSet<>(positions);
        List<Link> links = new ArrayList<>();
        Break[] broken = {badDigest};
        long[] walked = {0};
        byte[][] previous = {ChainWalk.hashBefore(dataSource, first)};
        boolean[] reached = {false};
        boolean[] unsealed = {false};
        ChainWalk.walk(dataSource, first, until, row -> {
            EventChain.StoredEvent event = row.event();
            if (row.unsealed()) {
                unsealed[0] = true; // the rest is checked once the sealer has reached it
                return false;
            }
            byte[] computed = EventChain.hash(previous[0], event);
            walked[0]++;
            if (ours.contains(event.globalIndex())) {
                links.add(new Link(event.globalIndex(), event.eventIdentifier(), event.payloadType(),
                        EventChain.hex(previous[0]), EventChain.hex(row.storedHash())));
            }
            if (!ChainWalk.matches(computed, row.storedHash())) {
                broken[0] = new Break(event.globalIndex(), event.eventIdentifier(), event.aggregateIdentifier(),
                        event.payloadType(), EventChain.hex(row.storedHash()), EventChain.hex(computed),
                        "the stored event does not hash to its stored chain hash over the event before it",
                        firstDigestFrom(digests, event.globalIndex()));
                return false;
            }
            if (digest != null && event.globalIndex() == digest.position()) {
                reached[0] = digest.headHash().equals(EventChain.hex(computed));
                if (!reached[0]) {
                    broken[0] = new Break(event.globalIndex(), event.eventIdentifier(), event.aggregateIdentifier(),
                            event.payloadType(), EventChain.hex(row.storedHash()), EventChain.hex(computed),
                            "the chain from this contract's events does not reach the head signed at this position", digest);
                    return false;
                }
            }
            previous[0] = computed;
            return true;
        });
        if (broken[0] == null && unsealed[0] && links.size() < positions.size()) {
            return new ContractProof(contractId, false, links, digest, walked[0], false,
                    "this contract's latest events are not sealed into the chain yet (the sealer is behind or stopped):"
                            + " ask again in a moment", null);
        }
        if (broken[0] == null && links.size() != positions.size()) {
            broken[0] = new Break(first, null, contractId, null, null, null,
                    "an event of this contract moved out of its position", null);
        }
        String note = digest == null ? "no digest is signed yet: the events are checked against the chain only"
                : digest.position() < last ? "this contract's latest events came after the latest digest (position "
                + digest.position() + "): they are checked against the chain only until the next digest" : null;
        return new ContractProof(contractId, broken[0] == null && (reached[0] || note != null), links, digest, walked[0],
                reached[0], note, broken[0]);
    }
}
