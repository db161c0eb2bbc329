package io.canvass.query.coverage;

import com.mongodb.client.model.Filters;
import io.canvass.query.platform.Bson;
import io.canvass.query.platform.Freshness;
import io.canvass.query.platform.NotFound;
import io.canvass.query.platform.Page;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** District coverage: planned streets against streets canvassed, with prospects, contracts and units. */
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

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record DistrictCoverage(String districtId, String name, String city, int streetsPlanned, int streetsCanvassed,
                            BigDecimal coverage, int prospects, int contracts, int unitsSigned, int unitsInstalled,
                            BigDecimal conversion, List<StreetCoverage> streets) {
    }

    record DistrictList(Freshness.AsOf asOf, boolean stale, List<DistrictCoverage> districts, Page page) {
    }

    record DistrictDetail(Freshness.AsOf asOf, boolean stale, String districtId, String name, String city,
                          int streetsPlanned, int streetsCanvassed, BigDecimal coverage, int prospects, int contracts,
                          int unitsSigned, int unitsInstalled, BigDecimal conversion, List<StreetCoverage> streets) {
    }

    @GetMapping
    DistrictList districts(@RequestParam(required = false) Long minPosition,
                           @RequestParam(defaultValue = "0") int page,
                           @RequestParam(defaultValue = "50") int size) {
        Freshness.Read read = freshness.await(minPosition);
        Page.Request request = Page.request(page, size);
        List<DistrictCoverage> all = new ArrayList<>();
        mongo.getCollection(CoverageProjection.COLLECTION).find(Filters.exists("name")).sort(new Document("_id", 1))
                .forEach(document -> all.add(summarize(document, false)));
        return new DistrictList(read.asOf(), read.stale(), request.slice(all), request.page(all.size()));
    }

    @GetMapping("/{districtId}")
    DistrictDetail district(@PathVariable String districtId, @RequestParam(required = false) Long minPosition) {
        Freshness.Read read = freshness.await(minPosition);
        Document document = mongo.getCollection(CoverageProjection.COLLECTION)
                .find(Filters.and(Filters.eq("_id", districtId), Filters.exists("name"))).first();
        if (document == null) {
            throw new NotFound("no district " + districtId + " is planned");
        }
        DistrictCoverage d = summarize(document, true);
        return new DistrictDetail(read.asOf(), read.stale(), d.districtId(), d.name(), d.city(), d.streetsPlanned(),
                d.streetsCanvassed(), d.coverage(), d.prospects(), d.contracts(), d.unitsSigned(), d.unitsInstalled(),
                d.conversion(), d.streets());
    }

    /** Works the figures out from the district's contributions. */
    static DistrictCoverage summarize(Document document, boolean withStreets) {
        Document planned = Bson.sub(document, "streets");
        Map<String, int[]> byStreet = new LinkedHashMap<>(); // prospects, contracts, unitsSigned, unitsInstalled
        planned.values().stream()
                .map(Document.class::cast)
                .sorted(Comparator.comparingInt(street -> Bson.integer(street, "order")))
                .forEach(street -> byStreet.put(street.getString("streetId"), new int[4]));
        Map<String, String> streetNames = new LinkedHashMap<>();
        planned.values().forEach(street -> streetNames.put(((Document) street).getString("streetId"),
                ((Document) street).getString("name")));

        Document prospects = Bson.sub(document, "prospects");
        for (Object value : prospects.values()) {
            int[] figures = byStreet.get(((Document) value).getString("streetId"));
            if (figures != null) {
                figures[0]++;
            }
        }
        Set<String> convertedProspects = new HashSet<>();
        int contracts = 0;
        int unitsSigned = 0;
        int unitsInstalled = 0;
        for (Object value : Bson.sub(document, "contracts").values()) {
            Document contract = (Document) value;
            int[] figures = byStreet.get(contract.getString("streetId"));
            int installed = Bson.integer(contract, "unitsInstalled");
            unitsInstalled += installed;
            if (figures != null) {
                figures[3] += installed;
            }
            if (Boolean.TRUE.equals(contract.getBoolean("live"))) {
                contracts++;
                unitsSigned += Bson.integer(contract, "units");
                convertedProspects.add(contract.getString("prospectId"));
                if (figures != null) {
                    figures[1]++;
                    figures[2] += Bson.integer(contract, "units");
                }
            }
        }
        int canvassed = (int) byStreet.values().stream().filter(figures -> figures[0] > 0).count();
        int prospectCount = byStreet.values().stream().mapToInt(figures -> figures[0]).sum();
        List<StreetCoverage> streets = withStreets ? byStreet.entrySet().stream()
                .map(entry -> new StreetCoverage(entry.getKey(), streetNames.get(entry.getKey()), entry.getValue()[0],
                        entry.getValue()[1], entry.getValue()[2], entry.getValue()[3]))
                .toList() : null;
        return new DistrictCoverage(document.getString("_id"), document.getString("name"), document.getString("city"),
                byStreet.size(), canvassed, ratio(canvassed, byStreet.size()), prospectCount, contracts, unitsSigned,
                unitsInstalled, ratio(convertedProspects.size(), prospectCount), streets);
    }

    static BigDecimal ratio(int part, int whole) {
        return whole == 0 ? BigDecimal.ZERO.setScale(4) : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4,
                RoundingMode.HALF_EVEN);
    }
}
