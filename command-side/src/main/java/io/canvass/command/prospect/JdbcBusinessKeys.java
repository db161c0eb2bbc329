package io.canvass.command.prospect;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Business keys in PostgreSQL, written in the command's transaction: a second claim of the same
 * key waits on the primary key until the first commits, then sees the first's prospect.
 */
@Component
class JdbcBusinessKeys implements BusinessKeys {

    private final JdbcTemplate jdbc;

    JdbcBusinessKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String claim(String businessKey, String prospectId) {
        jdbc.update("insert into prospect_business_key (business_key, prospect_id) values (?, ?)"
                + " on conflict (business_key) do nothing", businessKey, prospectId);
        return jdbc.queryForObject("select prospect_id from prospect_business_key where business_key = ?",
                String.class, businessKey);
    }
}
