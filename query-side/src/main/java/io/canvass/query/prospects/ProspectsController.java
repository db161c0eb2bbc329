package io.canvass.query.prospects;

import io.canvass.platform.web.NullWhen;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.canvass.platform.security.OwnWork;
import io.canvass.platform.web.Ids;
import io.canvass.query.engine.Freshness;
import io.canvass.query.engine.Reads;
import io.canvass.query.platform.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/** The prospects filed: a salesperson's own, or a district's. */
@Tag(name = "Coverage", description = "District coverage for the project manager and the salespeople. Roles MANAGER, SALES.")
@RestController
@RequestMapping("/api/coverage/prospects")
class ProspectsController {

    private final MongoTemplate mongo;
    private final Freshness freshness;

    ProspectsController(MongoTemplate mongo, Freshness freshness) {
        this.mongo = mongo;
        this.freshness = freshness;
    }

    record Prospect(String prospectId, String businessName, String address, String channel, String districtId,
                    String streetId, String salespersonId, String recordedOn, int contracts, int unitsSigned) {
    }

    record Prospects(Freshness.AsOf asOf, boolean stale,
                     @NullWhen("the list is not of one salesperson (no salespersonId asked)") String salespersonId,
                     @NullWhen("the list is not of one district (no districtId asked)") String districtId,
                     List<Prospect> prospects,
                     Page page) {
    }

    @Operation(summary = "Prospects filed",
            description = "Each prospect with where it is, who filed it, the local day it was recorded, and its live"
                    + " contracts and units signed; newest first. No personal data (the contact's name and phone stay"
                    + " sealed in the event store). A salesperson reads only their own (salespersonId defaults to"
                    + " them); a manager reads anyone's, or a district's. Paged.")
    @GetMapping
    Prospects prospects(Authentication user,
                        @Parameter(description = "Only this salesperson's; a salesperson's own by default")
                        @RequestParam(required = false) String salespersonId,
                        @RequestParam(required = false) String districtId,
                        @Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
            @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite,
                        @RequestParam(defaultValue = "0") int page,
                        @RequestParam(defaultValue = "50") int size) {
        if (OwnWork.isSales(user) && salespersonId == null) {
            salespersonId = user.getName();
        }
        OwnWork.requireSelfIfSales(user, salespersonId, "prospects");
        if (salespersonId != null) {
            Ids.check("salespersonId", salespersonId);
        }
        if (districtId != null) {
            Ids.check("districtId", districtId);
        }
        Reads reads = Reads.of(Reads.PROSPECTS, Reads.CONTRACTS).inDistrict(districtId != null ? districtId : Reads.ANY);
        Freshness.Read read = freshness.await(reads, minPosition, afterWrite);
        Page.Request request = Page.request(page, size);
        List<Bson> filters = new ArrayList<>(List.of(Filters.exists("businessName")));
        if (salespersonId != null) {
            filters.add(Filters.eq("salespersonId", salespersonId));
        }
        if (districtId != null) {
            filters.add(Filters.eq("districtId", districtId));
        }
        List<Prospect> all = new ArrayList<>();
        mongo.getCollection(ProspectsProjection.PROSPECTS).find(Filters.and(filters))
                .sort(Sorts.orderBy(Sorts.descending("recordedOn"), Sorts.ascending("_id")))
                .forEach(d -> all.add(prospect(d)));
        return new Prospects(read.asOf(), read.stale(), salespersonId, districtId, request.slice(all),
                request.page(all.size()));
    }

    private static Prospect prospect(Document d) {
        int contracts = 0;
        int units = 0;
        Document byContract = d.get("contracts", Document.class);
        if (byContract != null) {
            for (Object value : byContract.values()) {
                if (value instanceof Document contract && Boolean.TRUE.equals(contract.getBoolean("live"))) {
                    contracts++;
                    units += contract.getInteger("units", 0);
                }
            }
        }
        return new Prospect(d.getString("_id"), d.getString("businessName"), d.getString("address"), d.getString("channel"),
                d.getString("districtId"), d.getString("streetId"), d.getString("salespersonId"), d.getString("recordedOn"),
                contracts, units);
    }
}
