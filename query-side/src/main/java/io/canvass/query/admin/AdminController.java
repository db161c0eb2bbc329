package io.canvass.query.admin;

import io.canvass.platform.web.NotFound;
import io.canvass.query.engine.DeadLetterRetry;
import io.canvass.query.engine.DeadLetters;
import io.canvass.query.engine.Freshness;
import io.canvass.query.engine.ReadModelRebuild;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Operating the projections: their status, and rebuilding every read model from the events. */
@Tag(name = "Admin", description = "Operating the projections. Role ADMIN.")
@RestController
@RequestMapping("/api/admin")
class AdminController {

    private final ReadModelRebuild rebuild;
    private final Freshness freshness;
    private final DeadLetters deadLetters;
    private final DeadLetterRetry retry;

    AdminController(ReadModelRebuild rebuild, Freshness freshness, DeadLetters deadLetters, DeadLetterRetry retry) {
        this.rebuild = rebuild;
        this.freshness = freshness;
        this.deadLetters = deadLetters;
        this.retry = retry;
    }

    @Operation(summary = "Parked events", description = "Events the read models could not apply (an unknown type, content"
            + " that cannot be read, a read model's failure), each with its stream (contract, prospect or district),"
            + " position, type, error, first and last attempt; the later events of a stream wait behind its first,"
            + " parked too (waitingBehind). Every other stream flows on. Answers say which streams are parked"
            + " (asOf.parked).")
    @GetMapping("/dead-letters")
    List<DeadLetters.DeadLetter> deadLetters() {
        return deadLetters.all();
    }

    @Operation(summary = "Retry a parked event", description = "Applies the parked event and those waiting behind it"
            + " again, in order, read afresh from the event store (after the fault is fixed, or an upgrade).")
    @PostMapping("/dead-letters/{id}/retry")
    DeadLetterRetry.Outcome retryOne(@Parameter(description = "a parked event's id, as GET /api/admin/dead-letters lists it")
                                     @PathVariable String id) {
        DeadLetters.DeadLetter letter = deadLetters.all().stream().filter(l -> l.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFound("no parked event " + id));
        return retry.retry(letter.stream());
    }

    @Operation(summary = "Retry every parked event", description = "Every parked stream, as a retry of each (after an upgrade).")
    @PostMapping("/dead-letters/retry")
    List<DeadLetterRetry.Outcome> retryAll() {
        return retry.retryAll();
    }

    @Operation(summary = "Projection status", description = "The projections' processor, its segments, position and whether they have caught up.")
    @GetMapping("/processors")
    ReadModelRebuild.Status processors() {
        return rebuild.status();
    }

    /** Builds a new generation of every read model beside the current one; answers at once. */
    @Operation(summary = "Rebuild every read model", description = "Builds a new generation of every read model from"
            + " the first event, in bulk, beside the current one, which keeps answering, complete, meanwhile; once the"
            + " new one has caught up with the head, one switch makes every query read it and the old one is dropped."
            + " GET /api/admin/processors shows its progress (rebuild: the generation, events done of the target,"
            + " events/s, seconds left) and, after a failure, lastRebuild. A second rebuild while one runs, here or on"
            + " another instance, is refused (409); so is one the embedded MongoDB has no memory for (it keeps the read"
            + " models in the query side's heap, and a rebuild needs room for two generations until the switch).")
    @PostMapping("/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ReadModelRebuild.Status rebuild() {
        rebuild.rebuild();
        return rebuild.status();
    }
}
