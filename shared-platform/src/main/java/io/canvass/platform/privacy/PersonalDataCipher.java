package io.canvass.platform.privacy;

import io.canvass.events.prospect.SealedText;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a personal field with its subject's own 256-bit key: AES-GCM (JDK), a random 96-bit nonce
 * per field, and the subject and field name as associated data, so a sealed value moved to another
 * prospect or field does not open. {@code aes-gcm:v1:} + base64(nonce || ciphertext || tag).
 */
public final class PersonalDataCipher {

    public static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PersonalDataCipher() {
    }

    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    public static SealedText seal(byte[] key, String subject, String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher aes = cipher(Cipher.ENCRYPT_MODE, key, nonce, subject, field);
            byte[] sealed = aes.doFinal(text.getBytes(StandardCharsets.UTF_8));
            byte[] stored = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
            return new SealedText(SealedText.SEALED + Base64.getEncoder().encodeToString(stored));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a personal field", e);
        }
    }

    /** The field's text; an {@link IllegalArgumentException} if it was not sealed with this key for this subject and field. */
    public static String open(byte[] key, String subject, String field, SealedText sealed) {
        if (!sealed.isSealed()) {
            return sealed.clearText();
        }
        try {
            byte[] stored = Base64.getDecoder().decode(sealed.value().substring(SealedText.SEALED.length()));
            if (stored.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new IllegalArgumentException("a sealed " + field + " is too short");
            }
            Cipher aes = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(stored, NONCE_BYTES), subject, field);
            return new String(aes.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("the sealed " + field + " of " + subject + " does not open with its key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open a personal field", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, String subject, String field)
            throws GeneralSecurityException {
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        aes.updateAAD(("canvass-personal/1|" + subject + "|" + field).getBytes(StandardCharsets.UTF_8));
        return aes;
    }
}
