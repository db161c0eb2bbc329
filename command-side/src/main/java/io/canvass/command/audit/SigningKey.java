package io.canvass.command.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ed25519 key pair that signs the chain's digests: one PEM file holding a PRIVATE KEY block
 * (PKCS#8) and a PUBLIC KEY block (X.509), as OpenSSL writes them. Production mounts it from a
 * secret; the embedded default makes one in its data folder on first start. The key never enters
 * an event or a log.
 */
record SigningKey(PrivateKey privateKey, PublicKey publicKey) {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN (PRIVATE|PUBLIC) KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1 KEY-----");

    static SigningKey read(Path file) {
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            byte[] privateBytes = null;
            byte[] publicBytes = null;
            Matcher block = BLOCK.matcher(pem);
            while (block.find()) {
                byte[] der = Base64.getMimeDecoder().decode(block.group(2));
                if (block.group(1).equals("PRIVATE")) {
                    privateBytes = der;
                } else {
                    publicBytes = der;
                }
            }
            if (privateBytes == null || publicBytes == null) {
                throw new IllegalStateException("The audit signing key " + file + " must hold a PRIVATE KEY and a PUBLIC"
                        + " KEY block (openssl genpkey -algorithm ed25519 -out key.pem && openssl pkey -in key.pem"
                        + " -pubout >> key.pem)");
            }
            KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
            return new SigningKey(ed25519.generatePrivate(new PKCS8EncodedKeySpec(privateBytes)),
                    ed25519.generatePublic(new X509EncodedKeySpec(publicBytes)));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the audit signing key " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The audit signing key " + file + " is not an Ed25519 key pair", e);
        }
    }

    /** Makes a new key pair in {@code file}, readable by its owner only. */
    static SigningKey create(Path file) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
            String text = "-----BEGIN PRIVATE KEY-----\n" + pem.encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n-----BEGIN PUBLIC KEY-----\n"
                    + pem.encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.writeString(partial, text, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // a file system without POSIX permissions: the folder's own protection applies
            }
            Files.move(partial, file);
            return new SigningKey(pair.getPrivate(), pair.getPublic());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write a new audit signing key to " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK cannot make Ed25519 keys", e);
        }
    }
}
