package io.canvass.query.admin;

import io.canvass.query.platform.Freshness;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operating the projections: their status, and rebuilding every read model from the events. */
@RestController
@RequestMapping("/api/admin")
class AdminController {

    private final ReadModelRebuild rebuild;
    private final Freshness freshness;

    AdminController(ReadModelRebuild rebuild, Freshness freshness) {
        this.rebuild = rebuild;
        this.freshness = freshness;
    }

    @GetMapping("/processors")
    ReadModelRebuild.Status processors() {
        return rebuild.status();
    }

    /** Drops every read model and replays all events into them; answers at once, readiness says when it is done. */
    @PostMapping("/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ReadModelRebuild.Status rebuild() {
        rebuild.rebuild();
        return rebuild.status();
    }
}
