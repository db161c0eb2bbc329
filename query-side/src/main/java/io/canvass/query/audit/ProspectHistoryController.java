package io.canvass.query.audit;

import io.canvass.platform.web.NullWhen;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** What auditors read of a prospect: its complete history, personal fields opened or shown as erased. */
@Tag(name = "Audit", description = "Every contract's complete history and its state as recorded at any moment. Role AUDITOR.")
@RestController
@RequestMapping("/api/audit/prospects")
class ProspectHistoryController {

    private final ProspectHistory history;
    private final AuditController audit;

    ProspectHistoryController(ProspectHistory history, AuditController audit) {
        this.history = history;
        this.audit = audit;
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "ProspectHistory")
    record History(AuditController.AsOf asOf, String prospectId, boolean personalDataErased,
                   List<AuditController.Event> events,
                   @NullWhen("the last event is not sealed into the hash chain yet (the sealer seals it moments after it is stored)") String headHash) {
    }

    @Operation(summary = "A prospect's complete history",
            description = "Every event of the prospect in order, as the contract history shows them. Its contact's name"
                    + " and phone are stored sealed with the prospect's own key and shown opened, or as \"[erased]\" once"
                    + " they were erased (POST /api/prospects/{id}/erasure on the command side). Role AUDITOR.")
    @GetMapping("/{prospectId}/history")
    History history(@PathVariable String prospectId) {
        ProspectHistory.Opened opened = history.events(prospectId);
        List<AuditController.Event> events = opened.events().stream().map(AuditController::event).toList();
        return new History(audit.head(), prospectId, opened.erased(), events,
                events.get(events.size() - 1).chainHash());
    }
}
