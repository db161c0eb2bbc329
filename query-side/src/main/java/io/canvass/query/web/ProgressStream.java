package io.canvass.query.web;

import io.canvass.query.engine.Freshness;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells open pages when the read models move on: a server-sent event with the position they
 * reached, at most 100 ms after it. A page then reads its figures again with that position as
 * {@code minPosition}, so what it shows is at least that fresh.
 */
@Tag(name = "Web page", description = "What the branch's web page asks of the query side.")
@RestController
class ProgressStream {

    private static final long OPEN_FOR = Duration.ofMinutes(30).toMillis();

    private final Freshness freshness;
    private final CopyOnWriteArrayList<SseEmitter> pages = new CopyOnWriteArrayList<>();
    private volatile long position = Long.MIN_VALUE;
    private volatile boolean caughtUp;
    private int quietTicks;

    ProgressStream(Freshness freshness) {
        this.freshness = freshness;
    }

    @Operation(summary = "The read models' progress, as server-sent events",
            description = "An event \"progress\" with {position, caughtUp} now and whenever the read models reach a new"
                    + " position or their state changes; a comment every 15 s keeps the stream open. Any signed-in role.")
    @ApiResponse(responseCode = "200", description = "Server-sent events"
            + " (text/event-stream), each \"progress\" event's data {position, caughtUp} as JSON",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(type = "string")))
    @GetMapping(value = "/api/progress", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter progress() throws IOException {
        SseEmitter page = new SseEmitter(OPEN_FOR);
        page.onCompletion(() -> pages.remove(page));
        page.onTimeout(() -> pages.remove(page));
        page.onError(e -> pages.remove(page));
        pages.add(page);
        page.send(event(freshness.position(), freshness.caughtUp()));
        return page;
    }

    @Scheduled(fixedDelay = 100)
    void tick() {
        if (pages.isEmpty()) {
            return;
        }
        long now = freshness.position();
        boolean upToDate = freshness.caughtUp();
        boolean moved = now != position || upToDate != caughtUp;
        position = now;
        caughtUp = upToDate;
        if (moved) {
            broadcast(event(now, upToDate));
            quietTicks = 0;
        } else if (++quietTicks >= 150) {
            broadcast(SseEmitter.event().comment("still here"));
            quietTicks = 0;
        }
    }

    private void broadcast(SseEmitter.SseEventBuilder event) {
        for (SseEmitter page : pages) {
            try {
                page.send(event);
            } catch (IOException | IllegalStateException gone) {
                pages.remove(page);
            }
        }
    }

    private static SseEmitter.SseEventBuilder event(long position, boolean caughtUp) {
        return SseEmitter.event().name("progress").data(Map.of("position", position, "caughtUp", caughtUp),
                MediaType.APPLICATION_JSON);
    }
}
