package io.canvass.query.audit;

import io.canvass.events.Money;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.DepositCollected;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.platform.audit.EventChain;
import io.canvass.platform.audit.SignedDigest;
import io.canvass.query.support.EventStoreFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's tampering, done as the database's superuser would: each kind is caught by the walk,
 * named by position and event, and the metric moves; undone, the store verifies again. The store
 * holds 10,000 events in 10 contracts, a gap (a rolled-back append) and a digest every 500.
 */
class ChainVerifierTest {

    static final EventStoreFixture EVENTS = EventStoreFixture.fresh();
    static final JdbcTemplate SUPERUSER = new JdbcTemplate(EVENTS.superuser());
    static final KeyPair KEY = ed25519();
    static long gap;

    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final ChainVerifier verifier = new ChainVerifier(EVENTS.superuser(), Clock.systemUTC(), metrics, null, List.of()); // never scheduled here: no read models to wait for

    @BeforeAll
    static void tenThousandEvents() {
        for (int batch = 0; batch < 20; batch++) {
            if (batch == 10) {
                gap = SUPERUSER.queryForObject("select nextval('domain_event_entry_global_index_seq')", Long.class);
            }
            ContractId contract = new ContractId("c-" + batch % 10);
            List<DepositCollected> deposits = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                deposits.add(new DepositCollected(contract, new PaymentId("p-" + batch + "-" + i), Money.parse("500.00"),
                        PaymentMethod.CASH, "R" + i, Instant.parse("2026-03-03T02:00:00Z").plusSeconds(batch * 500L + i)));
            }
            EVENTS.appendAll(contract, "Contract", deposits);
            sign(EVENTS.head(), KEY);
        }
    }

    static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs the stored head at a position, as the command side does. */
    static void sign(long position, KeyPair key) {
        byte[] hash = SUPERUSER.queryForObject("select chain_hash from event_chain where global_index = ?",
                byte[].class, position);
        SignedDigest d = SignedDigest.sign(position, hash, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                key.getPrivate(), key.getPublic());
        SUPERUSER.update("insert into audit_digest values (?, ?, ?, ?, ?, ?) on conflict do nothing", d.position(),
                d.headHash(), d.signedAt().toString(), d.keyId(), d.publicKey(), d.signature());
    }

    /** Runs statements with every trigger off, as a superuser can (session_replication_role = replica). */
    static void asSuperuser(String... statements) {
        List<String> all = new ArrayList<>(List.of("set session_replication_role = replica"));
        all.addAll(List.of(statements));
        all.add("set session_replication_role = origin");
        SUPERUSER.execute((Connection c) -> {
            try (var s = c.createStatement()) {
                for (String sql : all) {
                    s.execute(sql);
                }
            }
            return null;
        });
    }

    static long position(int n) {
        return SUPERUSER.queryForObject("select global_index from domain_event_entry order by global_index offset ? limit 1",
                Long.class, n);
    }

    static String eventId(long position) {
        return SUPERUSER.queryForObject("select event_identifier from domain_event_entry where global_index = ?",
                String.class, position);
    }

    double intact() {
        return metrics.get("canvass.audit.chain.intact").gauge().value();
    }

    double broken() {
        return metrics.get("canvass.audit.verifications").tag("result", "broken").counter().count();
    }

    static ChainVerifier.Verification brokenAt(ChainVerifier.Verification verification, long position) {
        assertThat(verification.ok()).isFalse();
        assertThat(verification.firstBreak()).isNotNull();
        assertThat(verification.firstBreak().position()).as(verification.firstBreak().reason()).isEqualTo(position);
        return verification;
    }

    @AfterEach
    void untouchedAgain() {
        ChainVerifier.Verification again = verifier.verify(p -> { });
        assertThat(again.firstBreak()).isNull();
        assertThat(again.ok()).isTrue();
        assertThat(intact()).isEqualTo(1.0);
    }

    @Test
    void an_untouched_store_of_ten_thousand_events_verifies_with_progress() {
        assertThat(Double.isNaN(intact())).isTrue();
        List<Long> progress = new ArrayList<>();
        ChainVerifier.Verification verification = verifier.verify(progress::add);
        assertThat(verification.ok()).isTrue();
        assertThat(verification.eventsChecked()).isEqualTo(EVENTS.count(Long.MAX_VALUE)).isGreaterThanOrEqualTo(10_000);
        assertThat(verification.unsealedEvents()).isZero();
        assertThat(verification.digestsChecked()).isEqualTo(20);
        assertThat(verification.headPosition()).isEqualTo(EVENTS.head());
        assertThat(verification.headHash()).isEqualTo(EventChain.hex(SUPERUSER.queryForObject(
                "select chain_hash from event_chain where global_index = ?", byte[].class, EVENTS.head())));
        assertThat(verification.latestDigest().position()).isEqualTo(EVENTS.head());
        assertThat(progress).containsExactly(10_000L);
    }

    @Test
    void an_edited_payload_is_named_and_contradicts_the_next_digest() {
        long edited = position(2_345);
        byte[] original = SUPERUSER.queryForObject("select payload from domain_event_entry where global_index = ?",
                byte[].class, edited);
        SUPERUSER.execute("alter table domain_event_entry disable trigger domain_event_entry_append_only");
        SUPERUSER.update("update domain_event_entry set payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                + " '500.00', '50.00'), 'UTF8') where global_index = ?", edited);
        SUPERUSER.execute("alter table domain_event_entry enable trigger domain_event_entry_append_only");
        try {
            ChainVerifier.Verification verification = brokenAt(verifier.verify(p -> { }), edited);
            assertThat(verification.firstBreak().eventId()).isEqualTo(eventId(edited));
            assertThat(verification.firstBreak().contradicts().position()).isEqualTo(position(2_499));
            assertThat(intact()).isZero();
            assertThat(broken()).isEqualTo(1.0);
        } finally {
            SUPERUSER.execute("alter table domain_event_entry disable trigger domain_event_entry_append_only");
            SUPERUSER.update("update domain_event_entry set payload = ? where global_index = ?", original, edited);
            SUPERUSER.execute("alter table domain_event_entry enable trigger domain_event_entry_append_only");
        }
    }

    @Test
    void a_deleted_event_breaks_the_chain_at_the_event_after_it() {
        long deleted = position(4_000);
        long after = position(4_001);
        Map<String, Object> row = SUPERUSER.queryForMap("select * from domain_event_entry where global_index = ?", deleted);
        asSuperuser("delete from domain_event_entry where global_index = " + deleted);
        try {
            ChainVerifier.Verification verification = brokenAt(verifier.verify(p -> { }), after);
            assertThat(verification.firstBreak().reason()).contains("deleted or inserted");
            assertThat(intact()).isZero();
        } finally {
            SUPERUSER.update("insert into domain_event_entry (" + String.join(", ", row.keySet()) + ") values ("
                    + "?, ".repeat(row.size() - 1) + "?)", row.values().toArray());
        }
    }

    @Test
    void an_event_slipped_into_a_gap_with_a_well_made_hash_is_named_as_inserted() {
        byte[] before = SUPERUSER.queryForObject("select chain_hash from event_chain where global_index < ?"
                + " order by global_index desc limit 1", byte[].class, gap);
        EventChain.StoredEvent forged = new EventChain.StoredEvent(gap, "forged", "contract:c-1", 9_999, "Contract",
                "2026-03-03T02:00:00Z", "DepositCollected", "1", "{\"amount\":\"450.00\"}".getBytes(), null);
        SUPERUSER.update("insert into domain_event_entry (global_index, event_identifier, aggregate_identifier,"
                        + " sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", gap, forged.eventIdentifier(), forged.aggregateIdentifier(),
                forged.sequenceNumber(), forged.type(), forged.timeStamp(), forged.payloadType(), forged.payloadRevision(),
                forged.payload(), null);
        try {
            // into the event table alone: the chain was sealed past its position without it
            ChainVerifier.Verification verification = brokenAt(verifier.verify(p -> { }), gap);
            assertThat(verification.firstBreak().eventId()).isEqualTo("forged");
            assertThat(verification.firstBreak().reason()).contains("was inserted after its place was sealed");
            // and into the chain too, with the hash it would have had
            SUPERUSER.update("insert into event_chain (global_index, chain_hash) values (?, ?)", gap,
                    EventChain.hash(before, forged));
            verification = brokenAt(verifier.verify(p -> { }), gap);
            assertThat(verification.firstBreak().eventId()).isEqualTo("forged");
            assertThat(verification.firstBreak().reason()).contains("was inserted: the event after it");
        } finally {
            asSuperuser("delete from domain_event_entry where global_index = " + gap,
                    "delete from event_chain where global_index = " + gap);
        }
    }

    /** Events committed after the sealer's last round are no break: the walk stops at the sealed head and counts them. */
    @Test
    void events_not_sealed_yet_are_counted_not_broken_and_verified_once_sealed() throws Exception {
        long position;
        try (Connection connection = EVENTS.superuser().getConnection()) {
            connection.setAutoCommit(false);
            position = io.canvass.platform.audit.ChainedAppend.reserve(connection, 1).get(0);
            try (var insert = connection.prepareStatement(io.canvass.platform.audit.ChainedAppend.insertSql())) {
                io.canvass.platform.audit.ChainedAppend.bind(insert, new EventChain.StoredEvent(position, "unsealed-1",
                        "contract:c-4", 10_000, "Contract", Instant.now().toString(), "DepositCollected", "1",
                        "{\"amount\":\"1.00\"}".getBytes(), null));
                insert.executeUpdate();
            }
            connection.commit();
        }
        long sealed = SUPERUSER.queryForObject("select max(global_index) from event_chain", Long.class);
        ChainVerifier.Verification verification = verifier.verify(p -> { });
        assertThat(verification.ok()).isTrue();
        assertThat(verification.unsealedEvents()).isEqualTo(1);
        assertThat(verification.headPosition()).isEqualTo(sealed).isLessThan(position);
        List<Long> c4 = SUPERUSER.queryForList("select global_index from domain_event_entry"
                + " where aggregate_identifier = 'contract:c-4' order by sequence_number", Long.class);
        ChainVerifier.ContractProof proof = verifier.verifyContract("c-4", c4);
        assertThat(proof.ok()).isFalse();
        assertThat(proof.firstBreak()).isNull();
        assertThat(proof.note()).contains("not sealed into the chain yet");

        EVENTS.seal();
        verification = verifier.verify(p -> { });
        assertThat(verification.ok()).isTrue();
        assertThat(verification.unsealedEvents()).isZero();
        assertThat(verification.headPosition()).isEqualTo(position);
    }

    @Test
    void two_events_that_swapped_positions_are_named() {
        long first = position(6_100);
        long second = position(6_200);
        String firstEvent = eventId(first);
        String[] swap = {"update domain_event_entry set global_index = -1 where global_index = " + first,
                "update domain_event_entry set global_index = " + first + " where global_index = " + second,
                "update domain_event_entry set global_index = " + second + " where global_index = -1"};
        asSuperuser(swap);
        try {
            ChainVerifier.Verification verification = brokenAt(verifier.verify(p -> { }), first);
            assertThat(verification.firstBreak().eventId()).isEqualTo(eventId(first)).isNotEqualTo(firstEvent);
        } finally {
            asSuperuser(swap);
        }
    }

    /** History rewritten together with every hash after it: only the signed digest can tell, and it does. */
    @Test
    void a_rewrite_with_recomputed_hashes_contradicts_the_digest_signed_after_it() {
        long edited = position(7_010);
        long digest = position(7_499);
        asSuperuser("update domain_event_entry set payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                + " '500.00', '50.00'), 'UTF8') where global_index = " + edited, rehashFrom(edited));
        try {
            ChainVerifier.Verification verification = brokenAt(verifier.verify(p -> { }), digest);
            assertThat(verification.firstBreak().contradicts().position()).isEqualTo(digest);
            assertThat(verification.firstBreak().reason()).contains("rewritten together with its hashes");
            assertThat(intact()).isZero();
        } finally {
            asSuperuser("update domain_event_entry set payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                    + " '50.00', '500.00'), 'UTF8') where global_index = " + edited, rehashFrom(edited));
        }
    }

    @Test
    void a_digest_signed_by_another_key_is_refused() {
        long position = position(9_000);
        sign(position, ed25519());
        try {
            ChainVerifier.Verification verification = brokenAt(verifier.verify(p -> { }), position);
            assertThat(verification.firstBreak().reason()).contains("not a trusted one");
        } finally {
            asSuperuser("delete from audit_digest where position = " + position);
        }
    }

    @Test
    void a_contract_proves_its_events_up_to_the_latest_digest_until_one_is_edited() {
        List<Long> positions = SUPERUSER.queryForList("select global_index from domain_event_entry"
                + " where aggregate_identifier = 'contract:c-3' order by sequence_number", Long.class);
        ChainVerifier.ContractProof proof = verifier.verifyContract("c-3", positions);
        assertThat(proof.ok()).isTrue();
        assertThat(proof.reachesDigest()).isTrue();
        assertThat(proof.events()).hasSize(1_000);
        assertThat(proof.digest().position()).isEqualTo(SUPERUSER.queryForObject("select max(position) from audit_digest",
                Long.class));

        long edited = positions.get(700);
        asSuperuser("update domain_event_entry set payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                + " '500.00', '50.00'), 'UTF8') where global_index = " + edited);
        try {
            ChainVerifier.ContractProof tampered = verifier.verifyContract("c-3", positions);
            assertThat(tampered.ok()).isFalse();
            assertThat(tampered.firstBreak().position()).isEqualTo(edited);
        } finally {
            asSuperuser("update domain_event_entry set payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                    + " '50.00', '500.00'), 'UTF8') where global_index = " + edited);
        }
    }

    /** What a superuser who knows the algorithm runs to make the rows after a change agree with it again. */
    static String rehashFrom(long position) {
        return "do $$ declare e record; previous bytea := (select chain_hash from event_chain where global_index < "
                + position + " order by global_index desc limit 1); begin for e in select * from domain_event_entry"
                + " where global_index >= " + position + " order by global_index loop previous := canvass_chain_hash("
                + "previous, e.global_index, e.event_identifier, e.aggregate_identifier, e.sequence_number, e.type,"
                + " e.time_stamp, e.payload_type, e.payload_revision, e.payload, e.meta_data); update event_chain"
                + " set chain_hash = previous where global_index = e.global_index; end loop; end $$";
    }
}
