package io.canvass.platform.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The chain's head at a position, signed with the command side's Ed25519 key. What is signed is
 * the UTF-8 text {@code canvass-digest/1|<position>|<head hash, hex>|<signedAt, ISO-8601>}; the
 * public key (X.509, base64) travels with the digest, and its id is the first 8 bytes of its
 * SHA-256, in hex. An auditor keeps a digest anywhere they like and checks later that the stored
 * chain still reaches the same head at that position.
 */
public record SignedDigest(long position, String headHash, Instant signedAt, String keyId, String publicKey,
                           String signature) {

    public static SignedDigest sign(long position, byte[] headHash, Instant signedAt, PrivateKey key, PublicKey publicKey) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(key);
            ed25519.update(message(position, EventChain.hex(headHash), signedAt));
            return new SignedDigest(position, EventChain.hex(headHash), signedAt, keyId(publicKey),
                    Base64.getEncoder().encodeToString(publicKey.getEncoded()),
                    Base64.getEncoder().encodeToString(ed25519.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a digest with the audit key", e);
        }
    }

    /** A row of the audit_digest table (V4). */
    public static SignedDigest read(ResultSet row, int rowNumber) throws SQLException {
        return new SignedDigest(row.getLong("position"), row.getString("head_hash"),
                Instant.parse(row.getString("signed_at")), row.getString("key_id"), row.getString("public_key"),
                row.getString("signature"));
    }

    /** Whether the signature is the one its public key made over this digest, and the key id is that key's. */
    public boolean signatureValid() {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
            if (!keyId(key).equals(keyId)) {
                return false;
            }
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(message(position, headHash, signedAt));
            return ed25519.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(EventChain.sha256().digest(key.getEncoded()), 0, 8);
    }

    static byte[] message(long position, String headHashHex, Instant signedAt) {
        return ("canvass-digest/1|" + position + "|" + headHashHex + "|" + signedAt).getBytes(StandardCharsets.UTF_8);
    }
}
