package io.canvass.command;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the event table itself, as an auditor with SQL would. */
public final class EventTable {

    private final JdbcTemplate jdbc;

    public EventTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Events written by commands: without what deadlines record by themselves, at moments no test
     * controls (the follow-ups of field work dated months ago, the end of a campaign planned in the past).
     */
    public long count() {
        return jdbc.queryForObject("select count(*) from domain_event_entry where payload_type not in (" + FOLLOW_UP_LIST
                + ")", Long.class);
    }

    public long count(String aggregateId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type not in (" + FOLLOW_UP_LIST + ")", Long.class, aggregateId);
    }

    /** Every event, follow-ups included. */
    public long countAll() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    /** The rows of one stream ({@code contract:c-1}) in order, payload and metadata as JSON text. */
    public List<Map<String, Object>> rows(String streamId) {
        return jdbc.queryForList("select global_index, sequence_number, type, payload_type, payload_revision, time_stamp,"
                + " convert_from(payload, 'UTF8') as payload, convert_from(meta_data, 'UTF8') as meta_data"
                + " from domain_event_entry where aggregate_identifier = ? order by sequence_number", streamId);
    }

    /**
     * The stream's events without the follow-ups that deadlines record on their own (a test of
     * field work with field times months ago sees its deposits fall idle at once, as they should).
     */
    public List<Map<String, Object>> fieldRows(String streamId) {
        return rows(streamId).stream()
                .filter(row -> !FOLLOW_UPS.contains(String.valueOf(row.get("payload_type"))))
                .toList();
    }

    static final Set<String> FOLLOW_UPS = Set.of("DepositBecameIdle", "DepositIdleCleared",
            "BalanceBecameOverdue", "BalanceOverdueCleared", "CampaignEnded", "SettlementFlagRaised",
            "SettlementFlagCleared");
    static final String FOLLOW_UP_LIST = "'DepositBecameIdle', 'DepositIdleCleared', 'BalanceBecameOverdue',"
            + " 'BalanceOverdueCleared', 'CampaignEnded', 'SettlementFlagRaised', 'SettlementFlagCleared'";
}
