package io.canvass.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.canvass.platform.audit.EventChain;
import io.canvass.platform.audit.SignedDigest;
import io.canvass.platform.json.CanvassJson;
import io.canvass.platform.web.InvalidField;
import io.canvass.platform.web.NotFound;
import io.canvass.query.engine.Freshness;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The auditor's checks of the whole history: the signed digest, verification, and an export to verify offline. */
@Tag(name = "Audit", description = "Every contract's complete history and its state as recorded at any moment. Role AUDITOR.")
@RestController
@RequestMapping("/api/audit")
class ChainController {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final ObjectMapper JSON = CanvassJson.eventMapper();

    private final ChainVerifier verifier;
    private final ContractHistory history;
    private final DataSource dataSource;
    private final JdbcTemplate eventStore;
    private final Clock clock;
    private final Freshness freshness;

    ChainController(ChainVerifier verifier, ContractHistory history, DataSource dataSource, JdbcTemplate eventStore,
                    Clock clock, Freshness freshness) {
        this.freshness = freshness;
        this.verifier = verifier;
        this.history = history;
        this.dataSource = dataSource;
        this.eventStore = eventStore;
        this.clock = clock;
    }

    @Operation(summary = "The latest signed digest of the event chain",
            description = "The chain's head at a position, signed by the command side's Ed25519 key. Keep it anywhere:"
                    + " later, verify (here or offline with deploy/verify.sh) that the history still reaches it. Roles"
                    + " AUDITOR, ADMIN.")
    @GetMapping("/digest")
    SignedDigest digest() {
        List<SignedDigest> digests = eventStore.query("select * from audit_digest order by position desc limit 1",
                SignedDigest::read);
        if (digests.isEmpty()) {
            throw new NotFound("no digest is signed yet (the command side signs one every 1,000 events or 10 minutes,"
                    + " or on POST /api/audit/digests)");
        }
        return digests.get(0);
    }

    @Operation(summary = "Verify the whole event chain",
            description = "Re-walks every stored event in position order, recomputing each hash from its stored bytes,"
                    + " and checks every digest's signature and head. Answers ok, or the first position where stored"
                    + " bytes and hashes part, which event and which digest it contradicts. With progress lines as it"
                    + " goes: GET /api/audit/verify/stream (Accept: application/x-ndjson here streams them too, for the"
                    + " clients that ask so). One verification at a time (409 while one runs). Roles AUDITOR, ADMIN.")
    @ApiResponse(responseCode = "200", description = "the verification", content =
            @Content(mediaType = "application/json", schema = @Schema(implementation = ChainVerifier.Verification.class)))
    @GetMapping("/verify")
    ResponseEntity<StreamingResponseBody> verify(
            @Parameter(hidden = true) @RequestHeader(value = "Accept", required = false) String accept) {
        if (accept != null && accept.contains("application/x-ndjson")) {
            return verifyStream();
        }
        ChainVerifier.Verification result = verifier.verify(checked -> { });
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(out -> line(out, result));
    }

    /** The verification with its progress: an operation of its own, a shape of its own (issue 29). */
    @Operation(summary = "Verify the whole event chain, streaming its progress",
            description = "The verification of GET /api/audit/verify as JSON lines: {\"progress\":{checked, of}} every"
                    + " 10,000 events, then the verification itself (or {\"error\": ...} if another one runs)."
                    + " Roles AUDITOR, ADMIN.")
    @ApiResponse(responseCode = "200", description = "JSON lines: progress lines, then the verification",
            content = @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")))
    @GetMapping("/verify/stream")
    ResponseEntity<StreamingResponseBody> verifyStream() {
        long head = freshness.head();
        return ResponseEntity.ok().contentType(NDJSON).body(out -> {
            try {
                line(out, verifier.verify(checked -> line(out, Map.of("progress",
                        Map.of("checked", checked, "of", Math.max(head + 1, checked))))));
            } catch (ChainVerifier.AlreadyRunning busy) {
                line(out, Map.of("error", busy.getMessage()));
            }
        });
    }

    @Operation(summary = "Verify one contract's events",
            description = "Each of the contract's events is recomputed over the stored hash of the event before it, and"
                    + " the chain is walked on from them to the latest digest's position (the proof that they are part"
                    + " of the history that digest signed). Roles AUDITOR, ADMIN.")
    @GetMapping("/contracts/{contractId}/verify")
    ChainVerifier.ContractProof verifyContract(@PathVariable String contractId) {
        List<Long> positions = history.events(contractId).stream().map(ContractHistory.StoredEvent::position).toList();
        return verifier.verifyContract(contractId, positions);
    }

    @Operation(summary = "Export events with their hashes, and the digests, as JSON lines",
            description = "A header line (format, range, the hash of the event before the range), one line per event"
                    + " with its stored bytes (payload and metadata base64) and hash, then the digests signed within the"
                    + " range, up to the chain's sealed head (events are sealed moments after they commit)."
                    + " deploy/verify.sh checks it offline, against itself and a digest kept elsewhere."
                    + " Roles AUDITOR, ADMIN.")
    @ApiResponse(responseCode = "200", description = "JSON lines: a header, the events, the digests",
            content = @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")))
    @GetMapping("/export")
    ResponseEntity<StreamingResponseBody> export(
            @Parameter(description = "first position (inclusive); 0 if absent") @RequestParam(required = false) Long from,
            @Parameter(description = "last position (inclusive); the head if absent") @RequestParam(required = false) Long to) {
        long first = from == null ? 0 : from;
        long sealed = ChainWalk.sealedHead(dataSource);
        if (first < 0) {
            throw new InvalidField("from", "must be a position, 0 or more");
        }
        if (to != null && to < first) {
            throw new InvalidField("to", "must not be before from (" + first + ")");
        }
        if (sealed < first) {
            throw new InvalidField("from", "the chain is sealed to position " + sealed + ": nothing at or after " + first
                    + " is sealed yet (events are sealed moments after they commit)");
        }
        // events after the sealed head have no hash yet: an export ends at the head
        long last = to == null ? sealed : Math.min(to, sealed);
        byte[] before = ChainWalk.hashBefore(dataSource, first);
        List<SignedDigest> digests = ChainWalk.digests(dataSource).stream()
                .filter(d -> d.position() >= first && d.position() <= last).toList();
        Instant exportedAt = clock.instant();
        return ResponseEntity.ok().contentType(NDJSON)
                .header("Content-Disposition", "attachment; filename=\"canvass-audit-" + first + "-" + last + ".jsonl\"")
                .body(out -> {
                    line(out, new Header("export", "canvass-audit-export/1", first, last, EventChain.hex(before), exportedAt));
                    ChainWalk.walk(dataSource, first, last, row -> {
                        EventChain.StoredEvent e = row.event();
                        line(out, new ExportedEvent("event", e.globalIndex(), e.eventIdentifier(), e.aggregateIdentifier(),
                                e.sequenceNumber(), e.type(), e.timeStamp(), e.payloadType(), e.payloadRevision(),
                                base64(e.payload()), base64(e.metaData()), EventChain.hex(row.storedHash())));
                        return true;
                    });
                    for (SignedDigest d : digests) {
                        line(out, new ExportedDigest("digest", d.position(), d.headHash(), d.signedAt(), d.keyId(),
                                d.publicKey(), d.signature()));
                    }
                });
    }

    record Header(String kind, String format, long from, long to, String previousHash, Instant exportedAt) {
    }

    record ExportedEvent(String kind, long position, String eventId, String aggregateId, long sequence, String type,
                         String timestamp, String payloadType, String payloadRevision, String payload, String metadata,
                         String hash) {
    }

    record ExportedDigest(String kind, long position, String headHash, Instant signedAt, String keyId, String publicKey,
                          String signature) {
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    private static void line(OutputStream out, Object value) {
        try {
            out.write(JSON.writeValueAsBytes(value));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
