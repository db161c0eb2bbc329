package io.canvass.query.admin;

import io.canvass.query.platform.Freshness;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operating the projections: their status, and rebuilding every read model from the events. */
@Tag(name = "Admin", description = "Operating the projections. Role ADMIN.")
@RestController
@RequestMapping("/api/admin")
class AdminController {

    private final ReadModelRebuild rebuild;
    private final Freshness freshness;

    AdminController(ReadModelRebuild rebuild, Freshness freshness) {
        this.rebuild = rebuild;
        this.freshness = freshness;
    }

    @Operation(summary = "Projection status", description = "The projections' processor, its segments, position and whether they have caught up.")
    @GetMapping("/processors")
    ReadModelRebuild.Status processors() {
        return rebuild.status();
    }

    /** Drops every read model and replays all events into them; answers at once, readiness says when it is done. */
    @Operation(summary = "Rebuild every read model", description = "Drops the read models and replays every event into them.")
    @PostMapping("/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ReadModelRebuild.Status rebuild() {
        rebuild.rebuild();
        return rebuild.status();
    }
}
