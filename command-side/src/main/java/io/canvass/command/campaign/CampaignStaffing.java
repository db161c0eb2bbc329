package io.canvass.command.campaign;

import io.canvass.command.contract.ContractCampaigns;
import io.canvass.command.platform.RuleViolation;
import io.canvass.events.Channel;
import io.canvass.events.UserId;
import io.canvass.events.campaign.CampaignId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Who works which campaign on which days ({@code campaign_stint}), written in the transaction of
 * the campaign event that changes it.
 * A salesperson never works two campaigns of one channel on a day: every change of staffing takes
 * the table's lock first (campaign changes are rare), so two managers staffing at once are
 * checked one after the other, never both against the same old state.
 */
@Component
public class CampaignStaffing implements ContractCampaigns {

    private final JdbcTemplate jdbc;

    CampaignStaffing(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private record Stint(String campaignId, String channel, LocalDate firstDay, LocalDate lastDay) {
    }

    /** Puts the salesperson on the campaign from {@code from} to {@code lastDay}; refused if it overlaps another stint of an overlapping channel. */
    void claim(CampaignId campaignId, Channel channel, UserId salespersonId, LocalDate from, LocalDate lastDay) {
        jdbc.execute("lock table campaign_stint in share row exclusive mode");
        List<Stint> overlapping = jdbc.query("select campaign_id, channel, first_day, last_day from campaign_stint"
                        + " where salesperson_id = ? and first_day <= ? and last_day >= ?",
                (row, n) -> new Stint(row.getString(1), row.getString(2), row.getDate(3).toLocalDate(),
                        row.getDate(4).toLocalDate()),
                salespersonId.value(), Date.valueOf(lastDay), Date.valueOf(from));
        for (Stint stint : overlapping) {
            if (Channel.valueOf(stint.channel()).overlaps(channel)) {
                throw new RuleViolation("salesperson " + salespersonId + " already works campaign " + stint.campaignId()
                        + " (" + stint.channel() + ") from " + stint.firstDay() + " to " + stint.lastDay()
                        + ", which overlaps " + from + " to " + lastDay + " of " + channel);
            }
        }
        jdbc.update("insert into campaign_stint (campaign_id, salesperson_id, channel, first_day, last_day)"
                        + " values (?, ?, ?, ?, ?)", campaignId.value(), salespersonId.value(), channel.name(),
                Date.valueOf(from), Date.valueOf(lastDay));
    }

    /** Ends the salesperson's stint that covers {@code from} on the day before it. */
    void release(CampaignId campaignId, UserId salespersonId, LocalDate from) {
        jdbc.execute("lock table campaign_stint in share row exclusive mode");
        jdbc.update("delete from campaign_stint where campaign_id = ? and salesperson_id = ? and first_day >= ?",
                campaignId.value(), salespersonId.value(), Date.valueOf(from));
        jdbc.update("update campaign_stint set last_day = ? where campaign_id = ? and salesperson_id = ?"
                        + " and first_day < ? and last_day >= ?", Date.valueOf(from.minusDays(1)), campaignId.value(),
                salespersonId.value(), Date.valueOf(from), Date.valueOf(from));
    }

    /** Ends every stint of the campaign by {@code lastDay}. */
    void close(CampaignId campaignId, LocalDate lastDay) {
        jdbc.execute("lock table campaign_stint in share row exclusive mode");
        jdbc.update("delete from campaign_stint where campaign_id = ? and first_day > ?", campaignId.value(),
                Date.valueOf(lastDay));
        jdbc.update("update campaign_stint set last_day = ? where campaign_id = ? and last_day > ?",
                Date.valueOf(lastDay), campaignId.value(), Date.valueOf(lastDay));
    }

    /**
     * The campaign a contract signed by the salesperson in the channel on the day counts for: the
     * one named (which must be one they work for that channel that day), or the one they work, if any.
     */
    @Override
    public Optional<CampaignId> campaignFor(UserId salespersonId, Channel channel, LocalDate day, CampaignId named) {
        List<Stint> working = jdbc.query("select campaign_id, channel, first_day, last_day from campaign_stint"
                        + " where salesperson_id = ? and first_day <= ? and last_day >= ?",
                (row, n) -> new Stint(row.getString(1), row.getString(2), row.getDate(3).toLocalDate(),
                        row.getDate(4).toLocalDate()),
                salespersonId.value(), Date.valueOf(day), Date.valueOf(day));
        List<Stint> forChannel = working.stream().filter(s -> Channel.valueOf(s.channel()).includes(channel)).toList();
        if (named != null) {
            if (forChannel.stream().noneMatch(s -> s.campaignId().equals(named.value()))) {
                throw new RuleViolation("salesperson " + salespersonId + " does not work campaign " + named
                        + " for " + channel + " on " + day);
            }
            return Optional.of(named);
        }
        return forChannel.stream().findFirst().map(s -> new CampaignId(s.campaignId()));
    }
}
