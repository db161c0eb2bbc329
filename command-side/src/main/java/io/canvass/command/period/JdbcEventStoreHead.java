package io.canvass.command.period;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The last global index in the event table (its primary key: one index lookup). An append that
 * took a lower index and commits after this read is stored below the position read; see
 * docs/finance.md, "Closing a month", for why that is harmless to the statement as closed.
 */
@Component
class JdbcEventStoreHead implements EventStoreHead {

    private final JdbcTemplate jdbc;

    JdbcEventStoreHead(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long position() {
        Long last = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return last == null ? 0 : last;
    }
}
