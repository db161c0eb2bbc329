package io.canvass.query.audit;

import io.canvass.platform.web.NullWhen;
import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.databind.JsonNode;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.ContractStatus;
import io.canvass.platform.web.NotFound;
import io.canvass.query.ledger.ContractLedger;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** What auditors read: the complete history of a contract, and its state as recorded at any moment. */
@Tag(name = "Audit", description = "Every contract's complete history and its state as recorded at any moment. Role AUDITOR.")
@RestController
@RequestMapping("/api/audit/contracts")
class AuditController {

    private final ContractHistory history;
    private final JdbcTemplate eventStore;
    private final Clock clock;

    AuditController(ContractHistory history, JdbcTemplate eventStore, Clock clock) {
        this.history = history;
        this.eventStore = eventStore;
        this.clock = clock;
    }

    record Metadata(String userId, String role,
                    @NullWhen("no request caused the event (a deadline's event)") String correlationId,
                    @NullWhen("no command caused the event") String causationId,
                    @NullWhen("the command gave no reason (only some commands have one)") String reason) {
        static Metadata of(JsonNode node) {
            return new Metadata(text(node, "userId"), text(node, "role"), text(node, "correlationId"),
                    text(node, "causationId"), text(node, "reason"));
        }

        private static String text(JsonNode node, String field) {
            return node.hasNonNull(field) ? node.get(field).asText() : null;
        }
    }

    record Event(long sequence, long position, String type,
                 @NullWhen("the event type has no revision (its first version)") String revision, String eventId,
                 @NullWhen("the event records no field time of its own") Instant occurredAt, Instant recordedAt,
                 JsonNode payload, Metadata metadata, @NullWhen("the event is not sealed into the hash chain yet (the sealer seals it moments after it is stored)") String chainHash) {
    }

    @Schema(name = "RecordedAsOf", description = "the store position and recorded time an audit answer reflects")
    record AsOf(long position, @NullWhen("the event store is empty (position -1)") Instant recordedAt) {
    }

    record History(AsOf asOf, String contractId, List<Event> events,
                   @NullWhen("the last event is not sealed into the hash chain yet (the sealer seals it moments after it is stored)") String headHash) {
    }

    record State(AsOf asOf, String contractId, Instant asOfInstant, long sequence, String prospectId, Channel channel,
                 String districtId, String streetId, String salespersonId, ContractKind kind, int units,
                 Money unitPrice, Money contractValue, Money depositRequired, ContractStatus status,
                 Money depositCollected, Money balanceCollected, Money refunded, Money collected, Money outstanding,
                 int unitsInstalled) {
    }

    @Operation(summary = "A contract's complete history", description = "Every event in order with both times (occurredAt in the field, recordedAt when stored), its payload, who did it and why, and the hash stored with it (the store's one SHA-256 chain over every event's stored bytes, see GET /api/audit/verify).")
    @GetMapping("/{contractId}/history")
    History history(@PathVariable String contractId) {
        List<ContractHistory.StoredEvent> stored = history.events(contractId);
        List<Event> events = stored.stream().map(AuditController::event).toList();
        return new History(head(), contractId, events, events.get(events.size() - 1).chainHash());
    }

    @Operation(summary = "A contract as recorded at an instant", description = "The contract's state as the system knew it at asOf (recorded time), from its events up to then.")
    @GetMapping("/{contractId}")
    State state(@PathVariable String contractId,
                @Parameter(description = "The instant (ISO-8601 UTC, recorded time): the contract as the system knew it then; now if absent")
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf) {
        Instant instant = asOf == null ? clock.instant() : asOf;
        ContractLedger ledger = history.asRecordedAt(contractId, instant).orElseThrow(() ->
                new NotFound("contract " + contractId + " was not yet recorded at " + instant));
        ContractLedger.Figures f = ledger.now();
        return new State(head(), contractId, instant, ledger.lastSequence(), ledger.prospectId(), ledger.channel(),
                ledger.districtId(), ledger.streetId(), ledger.salespersonId(), ledger.kind(), ledger.units(),
                ledger.unitPrice(), ledger.contractValue(), ledger.depositRequired(), f.status(),
                f.depositCollected(), f.balanceCollected(), f.refunded(), f.collected(), f.outstanding(),
                f.unitsInstalled());
    }

    static Event event(ContractHistory.StoredEvent e) {
        return new Event(e.sequence(), e.position(), e.type(), e.revision(), e.eventId(), e.occurredAt(), e.recordedAt(),
                e.payload(), Metadata.of(e.metadata()), e.chainHash());
    }

    /** Audit answers read the event store directly: they reflect its head. */
    AsOf head() {
        List<java.util.Map<String, Object>> head = eventStore.queryForList(
                "select global_index, time_stamp from domain_event_entry order by global_index desc limit 1");
        return head.isEmpty() ? new AsOf(-1, null) : new AsOf(((Number) head.get(0).get("global_index")).longValue(),
                Instant.parse((String) head.get(0).get("time_stamp")));
    }
}
