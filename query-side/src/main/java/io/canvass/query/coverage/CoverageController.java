package io.canvass.query.coverage;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.canvass.platform.web.NotFound;
import io.canvass.query.platform.Bson;
import io.canvass.query.engine.Freshness;
import io.canvass.query.engine.Reads;
import io.canvass.query.platform.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** District coverage: planned streets against streets canvassed, with prospects, contracts and units. */
@Tag(name = "Coverage", description = "District coverage for the project manager and the salespeople. Roles MANAGER, SALES.")
@RestController
@RequestMapping("/api/coverage/districts")
class CoverageController {

    private final MongoTemplate mongo;
    private final Freshness freshness;

    CoverageController(MongoTemplate mongo, Freshness freshness) {
        this.mongo = mongo;
        this.freshness = freshness;
    }

    record StreetCoverage(String streetId, String name, int prospects, int contracts, int unitsSigned,
                          int unitsInstalled) {
    }

    /** In the list of districts the streets are left out (absent, not null). */
    record DistrictCoverage(String districtId, String name, String city, int streetsPlanned, int streetsCanvassed,
                            BigDecimal coverage, int prospects, int contracts, int unitsSigned, int unitsInstalled,
                            BigDecimal conversion,
                            @com.fasterxml.jackson.annotation.JsonInclude(
                                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                            List<StreetCoverage> streets) {
    }

    record DistrictList(Freshness.AsOf asOf, boolean stale, List<DistrictCoverage> districts, Page page) {
    }

    record DistrictDetail(Freshness.AsOf asOf, boolean stale, String districtId, String name, String city,
                          int streetsPlanned, int streetsCanvassed, BigDecimal coverage, int prospects, int contracts,
                          int unitsSigned, int unitsInstalled, BigDecimal conversion, List<StreetCoverage> streets) {
    }

    @Operation(summary = "District coverage", description = "Per district: streets planned and canvassed (with at least one prospect), coverage (0..1), prospects, live contracts, units signed and installed, conversion (share of prospects with a live contract). Paged.")
    @GetMapping
    DistrictList districts(@Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
            @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite,
                           @RequestParam(defaultValue = "0") int page,
                           @RequestParam(defaultValue = "50") int size) {
        Reads reads = Reads.of(Reads.DISTRICTS, Reads.PROSPECTS, Reads.CONTRACTS).inDistrict(Reads.ANY);
        Freshness.Read read = freshness.await(reads, minPosition, afterWrite);
        Page.Request request = Page.request(page, size);
        List<Document> plans = new ArrayList<>();
        mongo.getCollection(CoverageProjection.DISTRICTS).find(Filters.exists("name")).sort(new Document("_id", 1))
                .forEach(plans::add);
        List<Document> shown = request.slice(plans);
        Map<String, List<Document>> streets = streetsOf(shown);
        List<DistrictCoverage> districts = shown.stream()
                .map(plan -> summarize(plan, streets.getOrDefault(plan.getString("_id"), List.of()), false))
                .toList();
        return new DistrictList(read.asOf(), read.stale(), districts, request.page(plans.size()));
    }

    @Operation(summary = "One district's coverage, street by street", description = "The district's figures and each street's prospects, contracts, units signed and installed.")
    @GetMapping("/{districtId}")
    DistrictDetail district(@PathVariable String districtId, @Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
            @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite) {
        Reads reads = Reads.of(Reads.DISTRICTS, Reads.PROSPECTS, Reads.CONTRACTS).inDistrict(districtId);
        Freshness.Read read = freshness.await(reads, minPosition, afterWrite);
        Document plan = mongo.getCollection(CoverageProjection.DISTRICTS)
                .find(Filters.and(Filters.eq("_id", districtId), Filters.exists("name"))).first();
        if (plan == null) {
            throw new NotFound("no district " + districtId + " is planned");
        }
        DistrictCoverage d = summarize(plan, streetsOf(List.of(plan)).getOrDefault(districtId, List.of()), true);
        return new DistrictDetail(read.asOf(), read.stale(), d.districtId(), d.name(), d.city(), d.streetsPlanned(),
                d.streetsCanvassed(), d.coverage(), d.prospects(), d.contracts(), d.unitsSigned(), d.unitsInstalled(),
                d.conversion(), d.streets());
    }

    /** The street documents of these districts (their totals only), by district. */
    private Map<String, List<Document>> streetsOf(List<Document> plans) {
        List<String> districtIds = plans.stream().map(plan -> plan.getString("_id")).toList();
        Map<String, List<Document>> byDistrict = new HashMap<>();
        if (!districtIds.isEmpty()) {
            // the totals only: a street's contributions grow with the store
            mongo.getCollection(CoverageProjection.STREETS).find(Filters.in("districtId", districtIds))
                    .projection(Projections.include("districtId", "streetId", CoverageProjection.TOTALS)).forEach(street ->
                            byDistrict.computeIfAbsent(street.getString("districtId"), d -> new ArrayList<>()).add(street));
        }
        return byDistrict;
    }

    /** Works the figures out from the district's plan and its streets' contributions. */
    static DistrictCoverage summarize(Document plan, List<Document> streetDocuments, boolean withStreets) {
        // a street's totals are the sum of its documents' (see CoverageProjection.BUCKETS)
        Map<String, Document> byStreet = new HashMap<>();
        streetDocuments.forEach(street -> {
            Document sum = byStreet.computeIfAbsent(street.getString("streetId"), id -> new Document());
            Bson.sub(street, CoverageProjection.TOTALS).forEach((field, value) ->
                    sum.put(field, Bson.integer(sum, field) + ((Number) value).intValue()));
        });
        List<Document> planned = Bson.sub(plan, "streets").values().stream()
                .map(Document.class::cast)
                .sorted(Comparator.comparingInt(street -> Bson.integer(street, "order")))
                .toList();
        List<StreetCoverage> streets = new ArrayList<>();
        int canvassed = 0;
        int prospects = 0;
        int contracts = 0;
        int unitsSigned = 0;
        int unitsInstalled = 0;
        int converted = 0;
        for (Document street : planned) {
            String streetId = street.getString("streetId");
            Document totals = byStreet.getOrDefault(streetId, new Document());
            int streetProspects = Bson.integer(totals, "prospects");
            int streetContracts = Bson.integer(totals, "contracts");
            int streetSigned = Bson.integer(totals, "unitsSigned");
            int streetInstalled = Bson.integer(totals, "unitsInstalled");
            canvassed += streetProspects > 0 ? 1 : 0;
            prospects += streetProspects;
            contracts += streetContracts;
            unitsSigned += streetSigned;
            unitsInstalled += streetInstalled;
            converted += Bson.integer(totals, "converted");
            streets.add(new StreetCoverage(streetId, street.getString("name"), streetProspects, streetContracts,
                    streetSigned, streetInstalled));
        }
        return new DistrictCoverage(plan.getString("_id"), plan.getString("name"), plan.getString("city"),
                planned.size(), canvassed, ratio(canvassed, planned.size()), prospects, contracts, unitsSigned,
                unitsInstalled, ratio(converted, prospects), withStreets ? streets : null);
    }

    static BigDecimal ratio(int part, int whole) {
        return whole == 0 ? BigDecimal.ZERO.setScale(4) : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4,
                RoundingMode.HALF_EVEN);
    }
}
