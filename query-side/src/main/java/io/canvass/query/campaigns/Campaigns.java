package io.canvass.query.campaigns;

import com.mongodb.client.model.Filters;
import io.canvass.events.Channel;
import io.canvass.events.Identifier;
import io.canvass.events.UserId;
import io.canvass.events.campaign.CampaignEnded;
import io.canvass.events.campaign.CampaignEvent;
import io.canvass.events.campaign.CampaignPlan;
import io.canvass.events.campaign.CampaignPlanned;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The campaigns as their events leave them, read from {@code campaigns}. There are a handful (a
 * branch runs a campaign per channel a quarter), so a dashboard reads them all.
 */
@Component
public class Campaigns {

    private final MongoTemplate mongo;

    public Campaigns(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A campaign: its plan as it stands, and its end once recorded. */
    public record Campaign(CampaignPlan plan, CampaignEnded ended) {

        public String id() {
            return plan.campaignId().value();
        }
    }

    public List<Campaign> all() {
        List<Campaign> campaigns = new ArrayList<>();
        mongo.getCollection(CampaignProjection.CAMPAIGNS).find().sort(new Document("_id", 1))
                .forEach(document -> fold(document).ifPresent(campaigns::add));
        return campaigns;
    }

    public Optional<Campaign> find(String campaignId) {
        return Optional.ofNullable(mongo.getCollection(CampaignProjection.CAMPAIGNS)
                .find(Filters.eq("_id", campaignId)).first()).flatMap(Campaigns::fold);
    }

    /** Folds a campaign's events; empty while its CampaignPlanned has not arrived (it always comes first). */
    static Optional<Campaign> fold(Document document) {
        CampaignPlan plan = null;
        CampaignEnded ended = null;
        for (CampaignEvent event : CampaignProjection.events(document, CampaignEvent.class)) {
            if (event instanceof CampaignPlanned first) {
                plan = CampaignPlan.of(first);
            } else if (plan != null) {
                plan = plan.with(event);
                if (event instanceof CampaignEnded end) {
                    ended = end;
                }
            }
        }
        return plan == null ? Optional.empty() : Optional.of(new Campaign(plan, ended));
    }

    /**
     * A salesperson's daily target on a day: the target, as it stood for that day, of the campaign
     * they work that day (the strictest, if they work campaigns of two channels); empty outside every campaign.
     */
    public static Optional<Integer> targetOn(List<Campaign> campaigns, String salespersonId, LocalDate day) {
        if (!Identifier.isValid(salespersonId)) {
            return Optional.empty(); // no campaign names it
        }
        UserId salesperson = new UserId(salespersonId);
        Integer target = null;
        for (Campaign campaign : campaigns) {
            if (campaign.plan().works(salesperson, day)) {
                int of = campaign.plan().targetOn(day).orElse(0);
                target = target == null ? of : Math.max(target, of);
            }
        }
        return Optional.ofNullable(target);
    }

    /** The planned units and net profit of a channel's campaigns over the days from..to; empty if none runs then. */
    public static Optional<CampaignPlan.Planned> plannedFor(List<Campaign> campaigns, Channel channel, LocalDate from,
                                                            LocalDate to) {
        CampaignPlan.Planned sum = null;
        for (Campaign campaign : campaigns) {
            CampaignPlan plan = campaign.plan();
            if (plan.channel() != channel || plan.lastDay().isBefore(from) || plan.startDate().isAfter(to)) {
                continue;
            }
            CampaignPlan.Planned planned = plan.planned(from, to);
            sum = sum == null ? planned : new CampaignPlan.Planned(sum.salespersonDays() + planned.salespersonDays(),
                    sum.units() + planned.units(), sum.netProfit().plus(planned.netProfit()));
        }
        return Optional.ofNullable(sum);
    }
}
