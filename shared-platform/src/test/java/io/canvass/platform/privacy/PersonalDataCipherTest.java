package io.canvass.platform.privacy;

import io.canvass.events.prospect.SealedText;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonalDataCipherTest {

    final byte[] key = PersonalDataCipher.newKey();

    @Test
    void a_sealed_field_opens_with_its_key_for_its_prospect_and_field_only() {
        SealedText sealed = PersonalDataCipher.seal(key, "p-1", "contactName", "李女士 Ms Li");
        assertThat(sealed.isSealed()).isTrue();
        // neither the text nor its bytes are in what is stored (a random two-letter piece of base64 could be)
        assertThat(sealed.value()).doesNotContain("Ms Li", "李女士");
        byte[] stored = Base64.getDecoder().decode(sealed.value().substring(SealedText.SEALED.length()));
        assertThat(indexOf(stored, "Ms Li".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(indexOf(stored, "李女士".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(PersonalDataCipher.open(key, "p-1", "contactName", sealed)).isEqualTo("李女士 Ms Li");
        assertThatThrownBy(() -> PersonalDataCipher.open(key, "p-2", "contactName", sealed))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PersonalDataCipher.open(key, "p-1", "contactPhone", sealed))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PersonalDataCipher.open(PersonalDataCipher.newKey(), "p-1", "contactName", sealed))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_same_text_seals_differently_each_time_and_a_changed_byte_does_not_open() {
        SealedText first = PersonalDataCipher.seal(key, "p-1", "contactPhone", "138 0000 0000");
        SealedText second = PersonalDataCipher.seal(key, "p-1", "contactPhone", "138 0000 0000");
        assertThat(first).isNotEqualTo(second);
        byte[] bytes = Base64.getDecoder().decode(first.value().substring(SealedText.SEALED.length()));
        bytes[bytes.length - 1] ^= 1;
        SealedText changed = new SealedText(SealedText.SEALED + Base64.getEncoder().encodeToString(bytes));
        assertThatThrownBy(() -> PersonalDataCipher.open(key, "p-1", "contactPhone", changed))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_field_recorded_before_sealing_reads_as_it_was_and_nothing_else_is_a_personal_field() {
        assertThat(PersonalDataCipher.open(key, "p-1", "contactName", SealedText.clear("Ms Li"))).isEqualTo("Ms Li");
        assertThat(PersonalDataCipher.seal(key, "p-1", "contactName", null)).isNull();
        assertThatThrownBy(() -> new SealedText("Ms Li")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SealedText.clear("Ms Li").toString()).doesNotContain("Li");
    }

    private static int indexOf(byte[] data, byte[] part) {
        for (int i = 0; i + part.length <= data.length; i++) {
            if (java.util.Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }
}
