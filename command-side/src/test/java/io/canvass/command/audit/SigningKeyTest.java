package io.canvass.command.audit;

import io.canvass.platform.audit.SignedDigest;
import io.canvass.platform.security.EmbeddedDefault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class SigningKeyTest {

    @TempDir
    Path folder;

    @Test
    void the_embedded_default_makes_its_key_once_beside_its_data_and_keeps_it() throws Exception {
        String postgresData = folder.resolve("postgres").toString();
        SigningKey first = AuditSigning.signingKey(new EmbeddedDefault(true), "", postgresData);
        Path file = folder.resolve("audit-signing-key.pem");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        SigningKey again = AuditSigning.signingKey(new EmbeddedDefault(true), "", postgresData);
        assertThat(SignedDigest.keyId(again.publicKey())).isEqualTo(SignedDigest.keyId(first.publicKey()));
        SignedDigest digest = SignedDigest.sign(7, new byte[32], Instant.parse("2026-11-30T01:02:03.456Z"),
                again.privateKey(), first.publicKey());
        assertThat(digest.signatureValid()).isTrue();
    }

    @Test
    void a_configured_database_without_a_key_file_does_not_start() {
        assertThatThrownBy(() -> AuditSigning.signingKey(new EmbeddedDefault(false), "", folder.toString()))
                .hasMessageContaining("canvass.audit.signing-key-file");
        assertThatThrownBy(() -> AuditSigning.signingKey(new EmbeddedDefault(false), folder.resolve("none.pem").toString(),
                folder.toString())).hasMessageContaining("Cannot read the audit signing key");
    }

    @Test
    void a_key_file_without_its_public_half_is_refused_with_the_command_that_makes_one() throws Exception {
        Path file = folder.resolve("half.pem");
        SigningKey.create(file);
        Files.writeString(file, Files.readString(file).replaceAll("(?s)-----BEGIN PUBLIC KEY.*", ""));
        assertThatThrownBy(() -> SigningKey.read(file)).hasMessageContaining("openssl genpkey -algorithm ed25519");
    }

    /** A key file for tests that run the command side on a database of their own. */
    public static Path keyFile(Path folder) {
        Path file = folder.resolve("audit-signing-key-" + System.nanoTime() + ".pem");
        SigningKey.create(file);
        return file;
    }
}
