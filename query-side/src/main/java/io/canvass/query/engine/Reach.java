package io.canvass.query.engine;

import io.canvass.events.campaign.CampaignEvent;
import io.canvass.events.contract.ContractEvent;
import io.canvass.events.contract.ContractFollowUp;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.prospect.PersonalDataErased;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.territory.DistrictEvent;
import io.canvass.query.platform.CanvassSettings;
import org.bson.Document;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a parked stream's figures would go: the districts, channels, salespeople and campaigns it
 * is placed in, and the span of field days of its events. An answer is stale because of a parked
 * stream only when what it reads ({@link Reads}) takes in this reach (docs/freshness.md).
 * <p>
 * A null set or span is unknown (an event that cannot be read, of a stream no read model has
 * placed; a campaign, whose staffing and targets reach every salesperson and day): it takes in
 * every answer that reads the stream's kind. An empty set is known to be none: a contract never
 * signed is in no district, channel or campaign until its signing, which, arriving, is parked
 * behind it with its own reach.
 */
public record Reach(Set<String> districts, Set<String> channels, Set<String> salespeople, Set<String> campaigns,
                    LocalDate firstDay, LocalDate lastDay) {

    /** Nothing known: every answer reading the stream's kind. */
    public static final Reach UNKNOWN = new Reach(null, null, null, null, null, null);

    public Reach {
        districts = copy(districts);
        channels = copy(channels);
        salespeople = copy(salespeople);
        campaigns = copy(campaigns);
        if ((firstDay == null) != (lastDay == null)) {
            throw new IllegalArgumentException("a span of days has both ends or none");
        }
    }

    /** A stream placed in one district, channel, salesperson and campaign (any may be null: none), on these days. */
    public static Reach placed(String district, String channel, String salesperson, String campaign,
                               LocalDate firstDay, LocalDate lastDay) {
        return new Reach(one(district), one(channel), one(salesperson), one(campaign), firstDay, lastDay);
    }

    /** What an event tells by itself of where its stream's figures go; {@link #UNKNOWN} for one that cannot be read. */
    static Reach of(Object event, CanvassSettings settings) {
        if (event instanceof ContractSigned e) {
            LocalDate day = settings.localDate(e.occurredAt());
            return placed(e.districtId().value(), e.channel().name(), e.salespersonId().value(),
                    e.campaignId() == null ? null : e.campaignId().value(), day, day);
        }
        if (event instanceof ContractEvent e) {
            LocalDate day = settings.localDate(e.occurredAt());
            return placed(null, null, null, null, day, day);
        }
        if (event instanceof ContractFollowUp e) {
            LocalDate day = settings.localDate(e.occurredAt());
            return placed(null, null, null, null, day, day);
        }
        if (event instanceof ProspectRecorded e) {
            LocalDate day = settings.localDate(e.occurredAt());
            return placed(e.districtId().value(), e.channel().name(), e.salespersonId().value(), null, day, day);
        }
        if (event instanceof PersonalDataErased e) {
            LocalDate day = settings.localDate(e.occurredAt());
            return placed(null, null, null, null, day, day);
        }
        if (event instanceof DistrictEvent e) {
            // a district's plan counts on every day
            return new Reach(Set.of(e.districtId().value()), Set.of(), Set.of(), Set.of(), null, null);
        }
        if (event instanceof CampaignEvent e) {
            // staffing and targets reach every salesperson, channel and day of the campaign
            return new Reach(Set.of(), null, null, Set.of(e.campaignId().value()), null, null);
        }
        return UNKNOWN;
    }

    /** Both reaches together: unknown where either is. */
    Reach and(Reach other) {
        boolean days = firstDay != null && other.firstDay != null;
        return new Reach(union(districts, other.districts), union(channels, other.channels),
                union(salespeople, other.salespeople), union(campaigns, other.campaigns),
                days ? min(firstDay, other.firstDay) : null, days ? max(lastDay, other.lastDay) : null);
    }

    /** The same placement on days not known (an event of the stream that cannot be read). */
    Reach onUnknownDays() {
        return new Reach(districts, channels, salespeople, campaigns, null, null);
    }

    Document toDocument() {
        Document document = new Document();
        put(document, "districts", districts);
        put(document, "channels", channels);
        put(document, "salespeople", salespeople);
        put(document, "campaigns", campaigns);
        if (firstDay != null) {
            document.append("firstDay", firstDay.toString()).append("lastDay", lastDay.toString());
        }
        return document;
    }

    /** A letter's reach as stored; a letter parked before reaches were kept reaches everything of its kind. */
    static Reach fromDocument(Document document) {
        if (document == null) {
            return UNKNOWN;
        }
        String first = document.getString("firstDay");
        String last = document.getString("lastDay");
        return new Reach(set(document, "districts"), set(document, "channels"), set(document, "salespeople"),
                set(document, "campaigns"), first == null ? null : LocalDate.parse(first),
                last == null ? null : LocalDate.parse(last));
    }

    private static void put(Document document, String field, Set<String> values) {
        if (values != null) {
            document.append(field, values.stream().sorted().toList());
        }
    }

    private static Set<String> set(Document document, String field) {
        List<String> values = document.getList(field, String.class);
        return values == null ? null : Set.copyOf(values);
    }

    private static Set<String> one(String value) {
        return value == null ? Set.of() : Set.of(value);
    }

    private static Set<String> copy(Set<String> values) {
        return values == null ? null : Set.copyOf(values);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        if (a == null || b == null) {
            return null;
        }
        Set<String> both = new HashSet<>(a);
        both.addAll(b);
        return both;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
