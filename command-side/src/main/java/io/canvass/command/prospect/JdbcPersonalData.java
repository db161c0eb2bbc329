package io.canvass.command.prospect;

import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.SealedText;
import io.canvass.platform.privacy.PersonalDataCipher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Keys in PostgreSQL's personal_data_key (V5), written and deleted in the command's transaction: a
 * prospect recorded is recorded with its key, an erasure commits with the key gone, or neither.
 */
@Component
class JdbcPersonalData implements PersonalData {

    private final JdbcTemplate jdbc;

    JdbcPersonalData(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public SealedText seal(ProspectId prospect, String field, String text) {
        if (text == null) {
            return null;
        }
        jdbc.update("insert into personal_data_key (prospect_id, secret) values (?, ?) on conflict (prospect_id) do nothing",
                prospect.value(), PersonalDataCipher.newKey());
        return PersonalDataCipher.seal(key(prospect).orElseThrow(), prospect.value(), field, text);
    }

    @Override
    public Optional<String> open(ProspectId prospect, String field, SealedText sealed) {
        if (sealed == null) {
            return Optional.empty();
        }
        if (!sealed.isSealed()) {
            return Optional.of(sealed.clearText());
        }
        return key(prospect).map(key -> PersonalDataCipher.open(key, prospect.value(), field, sealed));
    }

    @Override
    public void erase(ProspectId prospect) {
        jdbc.update("delete from personal_data_key where prospect_id = ?", prospect.value());
    }

    private Optional<byte[]> key(ProspectId prospect) {
        List<byte[]> key = jdbc.queryForList("select secret from personal_data_key where prospect_id = ?", byte[].class,
                prospect.value());
        return key.stream().findFirst();
    }
}
