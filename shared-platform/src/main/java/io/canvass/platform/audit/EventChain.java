package io.canvass.platform.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain over the event table: every stored event's {@code chain_hash} is
 * <pre>
 *   SHA-256( previous hash (32 bytes; 32 zero bytes before the first event)
 *            || int8 global_index || field(event_identifier) || field(aggregate_identifier)
 *            || int8 sequence_number || field(type) || field(time_stamp) || field(payload_type)
 *            || field(payload_revision) || field(payload) || field(meta_data) )
 * </pre>
 * where {@code field(x)} is x's length as a big-endian int4 followed by its bytes (text as UTF-8),
 * and a null is the length -1 with no bytes. One chain for the whole table, in global_index order:
 * an edited, deleted, inserted or moved row breaks it. The same function is written in SQL
 * ({@code canvass_chain_hash}, V4, which hashed the events stored before it) and, independently, in
 * the auditor's offline verifier ({@code deploy/verify.sh}).
 */
public final class EventChain {

    public static final int HASH_BYTES = 32;
    private static final byte[] GENESIS = new byte[HASH_BYTES];

    private EventChain() {
    }

    /** The hash the chain starts from: nothing came before the first event. */
    public static byte[] genesis() {
        return GENESIS.clone();
    }

    /** One row of the event table, exactly as stored. */
    public record StoredEvent(long globalIndex, String eventIdentifier, String aggregateIdentifier, long sequenceNumber,
                              String type, String timeStamp, String payloadType, String payloadRevision,
                              byte[] payload, byte[] metaData) {
    }

    public static byte[] hash(byte[] previous, StoredEvent event) {
        if (previous == null || previous.length != HASH_BYTES) {
            throw new IllegalArgumentException("a previous hash has " + HASH_BYTES + " bytes");
        }
        MessageDigest sha256 = sha256();
        sha256.update(previous);
        sha256.update(ByteBuffer.allocate(8).putLong(event.globalIndex()).array());
        field(sha256, event.eventIdentifier());
        field(sha256, event.aggregateIdentifier());
        sha256.update(ByteBuffer.allocate(8).putLong(event.sequenceNumber()).array());
        field(sha256, event.type());
        field(sha256, event.timeStamp());
        field(sha256, event.payloadType());
        field(sha256, event.payloadRevision());
        field(sha256, event.payload());
        field(sha256, event.metaData());
        return sha256.digest();
    }

    public static String hex(byte[] hash) {
        return hash == null ? null : HexFormat.of().formatHex(hash);
    }

    private static void field(MessageDigest sha256, String text) {
        field(sha256, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(MessageDigest sha256, byte[] bytes) {
        sha256.update(ByteBuffer.allocate(4).putInt(bytes == null ? -1 : bytes.length).array());
        if (bytes != null) {
            sha256.update(bytes);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
