package io.canvass.query.engine;

import java.time.LocalDate;
import java.util.Set;

/**
 * What an answer reads, in the terms a parked stream's {@link Reach} is told in: which kinds of
 * stream (contracts, prospects, districts, campaigns), and within them which district, channel,
 * salesperson, campaign and field days. Each dashboard says what it reads where it answers; the
 * list, dashboard by dashboard, is docs/freshness.md. An answer counts a parked stream (its
 * {@code stale}, its {@code asOf.parked}) only when it reads it.
 *
 * @param kinds       the kinds of stream read: "contract", "prospect", "district", "campaign", "statement"
 * @param district    null: any district or none; {@link #ANY}: only streams placed in a district; else that one
 * @param channel     the same for channels
 * @param salesperson the same for salespeople
 * @param campaign    the same for campaigns
 * @param from        the first field day read (null: from the beginning)
 * @param to          the last field day read (null: to the end)
 */
public record Reads(Set<String> kinds, String district, String channel, String salesperson, String campaign,
                    LocalDate from, LocalDate to) {

    /** A placement in some district (channel, ...), whichever. */
    public static final String ANY = "*";

    public static final String CONTRACTS = "contract";
    public static final String PROSPECTS = "prospect";
    public static final String DISTRICTS = "district";
    public static final String CAMPAIGNS = "campaign";
    /** A source's statement lines, matches and proposals (docs/finance.md): placed nowhere, read whole. */
    public static final String STATEMENTS = "statement";

    public Reads {
        kinds = Set.copyOf(kinds);
    }

    /** Streams of these kinds, wherever they are placed, on any day. */
    public static Reads of(String... kinds) {
        return new Reads(Set.of(kinds), null, null, null, null, null, null);
    }

    public Reads inDistrict(String district) {
        return new Reads(kinds, district, channel, salesperson, campaign, from, to);
    }

    public Reads inChannel(String channel) {
        return new Reads(kinds, district, channel, salesperson, campaign, from, to);
    }

    public Reads bySalesperson(String salesperson) {
        return new Reads(kinds, district, channel, salesperson, campaign, from, to);
    }

    public Reads inCampaign(String campaign) {
        return new Reads(kinds, district, channel, salesperson, campaign, from, to);
    }

    /** Field days from {@code from} to {@code to} (either null: open). */
    public Reads on(LocalDate from, LocalDate to) {
        return new Reads(kinds, district, channel, salesperson, campaign, from, to);
    }

    /** Whether this answer reads the parked stream {@code stream}, whose figures go where {@code reach} says. */
    boolean takesIn(String stream, Reach reach) {
        int colon = stream.indexOf(':');
        if (!kinds.contains(colon < 0 ? stream : stream.substring(0, colon))) {
            return false;
        }
        return placed(district, reach.districts()) && placed(channel, reach.channels())
                && placed(salesperson, reach.salespeople()) && placed(campaign, reach.campaigns())
                && (reach.firstDay() == null || ((from == null || !reach.lastDay().isBefore(from))
                && (to == null || !reach.firstDay().isAfter(to))));
    }

    private static boolean placed(String wanted, Set<String> placements) {
        if (wanted == null || placements == null) {
            return true;
        }
        return ANY.equals(wanted) ? !placements.isEmpty() : placements.contains(wanted);
    }
}
