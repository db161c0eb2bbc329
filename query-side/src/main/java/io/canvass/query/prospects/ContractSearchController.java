package io.canvass.query.prospects;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.canvass.platform.web.InvalidField;
import io.canvass.query.platform.Bson;
import io.canvass.query.engine.Freshness;
import io.canvass.query.platform.Page;
import io.canvass.query.engine.Reads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/**
 * An auditor finds a contract by the business it was signed with: the prospects whose business
 * name starts with what was typed, with their contracts. Read in the database, a page at a time,
 * on the prospects' index on the name (an anchored, case-sensitive prefix: a real MongoDB walks
 * only that index range), never a scan of every prospect.
 */
@Tag(name = "Audit", description = "Every contract's complete history and its state as recorded at any moment. Role AUDITOR.")
@RestController
class ContractSearchController {

    /** Regex metacharacters, escaped one by one: a quoted block (\Q..\E) would hide the prefix from the planner. */
    private static final String SPECIAL = "\\^$.|?*+()[]{}";

    private final MongoTemplate mongo;
    private final Freshness freshness;

    ContractSearchController(MongoTemplate mongo, Freshness freshness) {
        this.mongo = mongo;
        this.freshness = freshness;
    }

    @Schema(name = "FoundBusiness")
    record Found(String prospectId, String businessName, String salespersonId, String channel, List<String> contractIds) {
    }

    @Schema(name = "ContractSearch")
    record Search(Freshness.AsOf asOf, boolean stale, String businessName, List<Found> prospects, Page page) {
    }

    @Operation(summary = "Find contracts by business name", description = "The prospects whose business name starts"
            + " with businessName (exactly as written, case included), by name, each with the ids of the contracts"
            + " signed with it (the way to its history: GET /api/audit/contracts/{contractId}/history). Paged"
            + " (size at most 500). Role AUDITOR.")
    @GetMapping("/api/audit/contracts")
    Search search(@Parameter(description = "The beginning of the business name, 1 to 100 characters")
                  @RequestParam String businessName,
                  @Parameter(description = Freshness.MIN_POSITION) @RequestParam(required = false) Long minPosition,
                  @Parameter(description = Freshness.AFTER_WRITE) @RequestParam(required = false) Long afterWrite,
                  @RequestParam(defaultValue = "0") int page,
                  @RequestParam(defaultValue = "50") int size) {
        if (businessName.isBlank() || businessName.length() > 100
                || businessName.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidField("businessName", "must be 1 to 100 characters, not blank, without control characters");
        }
        Page.Request request = Page.request(page, size);
        Freshness.Read read = freshness.await(Reads.of(Reads.PROSPECTS, Reads.CONTRACTS), minPosition, afterWrite);
        org.bson.conversions.Bson named = Filters.regex("businessName", "^" + escaped(businessName));
        MongoCollection<Document> prospects = mongo.getCollection(ProspectsProjection.PROSPECTS);
        long total = prospects.countDocuments(named);
        List<Found> found = new ArrayList<>();
        prospects.find(named).sort(Sorts.ascending("businessName", "_id"))
                .skip(request.number() * request.size()).limit(request.size())
                .forEach(d -> found.add(found(d)));
        return new Search(read.asOf(), read.stale(), businessName, found, request.page(total));
    }

    private static Found found(Document d) {
        List<String> contracts = new ArrayList<>();
        Document byContract = d.get("contracts", Document.class);
        if (byContract != null) {
            byContract.keySet().stream().sorted().forEach(key -> contracts.add(Bson.unkey(key)));
        }
        return new Found(d.getString("_id"), d.getString("businessName"), d.getString("salespersonId"),
                d.getString("channel"), contracts);
    }

    static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (SPECIAL.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.appendCodePoint(c);
        });
        return out.toString();
    }
}
