package io.canvass.command;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;

/** Reads the event table itself, as an auditor with SQL would. */
public final class EventTable {

    private final JdbcTemplate jdbc;

    public EventTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long count() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    public long count(String aggregateId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, aggregateId);
    }

    /** The rows of one stream ({@code contract:c-1}) in order, payload and metadata as JSON text. */
    public List<Map<String, Object>> rows(String streamId) {
        return jdbc.queryForList("select global_index, sequence_number, type, payload_type, payload_revision, time_stamp,"
                + " convert_from(payload, 'UTF8') as payload, convert_from(meta_data, 'UTF8') as meta_data"
                + " from domain_event_entry where aggregate_identifier = ? order by sequence_number", streamId);
    }
}
