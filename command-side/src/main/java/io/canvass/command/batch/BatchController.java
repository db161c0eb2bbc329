package io.canvass.command.batch;

import io.canvass.platform.web.NullWhen;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canvass.platform.web.CorrelationIdFilter;
import io.canvass.platform.web.HttpLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.DispatcherServlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A day of field work in one request: up to 200 commands, each exactly as it would be sent alone
 * ({@code path} and {@code body}), handled in order, each on its own (a refused one does not undo
 * the others), authorized as it would be alone, and answered with its own outcome. Each command
 * goes through the same handler as alone (the dispatcher is asked again with that command as the
 * request): the same validation, rules, idempotency and answers, so a retry of a whole batch, or of
 * any part of it, is as safe as a retry of one command.
 *
 * <p>The batch is one transaction, and each command a savepoint in it: a command that is not
 * accepted is rolled back to its savepoint (whatever it wrote, its events included, is undone; the
 * batch goes on), and the accepted ones are committed together, with one durable commit, before
 * the answer is sent (docs/batches.md). A durable commit costs one WAL flush however many events
 * it carries, which is what a batch saves. If the process dies before that commit, nothing of the
 * batch is stored, and the client, having no answer, sends it again.
 */
@Tag(name = "Batches", description = "Many commands in one request, for a field app syncing a day's work. Roles SALES, MANAGER, FINANCE, INSTALLER.")
@RestController
@RequestMapping("/api/batches")
class BatchController {

    static final int MAX_COMMANDS = 200;

    private final DispatcherServlet dispatcher;
    private final WebInvocationPrivilegeEvaluator privileges;
    private final ObjectMapper json;
    private final long maxCommandBytes;
    private final PlatformTransactionManager transactions;
    private final TransactionTemplate batchTransaction;

    BatchController(DispatcherServlet dispatcher, WebInvocationPrivilegeEvaluator privileges, ObjectMapper json,
                    HttpLimits limits, PlatformTransactionManager transactions) {
        this.dispatcher = dispatcher;
        this.transactions = transactions;
        this.batchTransaction = new TransactionTemplate(transactions,
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRES_NEW));
        this.privileges = privileges;
        this.json = json;
        this.maxCommandBytes = limits.maxBodyBytes();
    }

    @Schema(description = "One command as it would be sent alone: its path and its JSON body")
    record Command(
            @Schema(example = "/api/contracts/c-1001/deposits")
            @NotNull @Pattern(regexp = "/api/[A-Za-z0-9._/-]{1,300}", message = "must be the path of a command, /api/...")
            String path,
            @Schema(example = "{\"paymentId\":\"pay-1\",\"amount\":\"500.00\",\"method\":\"WECHAT_PAY\",\"receiptNo\":\"R-0001\",\"occurredAt\":\"2026-03-02T03:00:00Z\"}")
            @NotNull JsonNode body) {
    }

    @Schema(example = "{\"commands\":[{\"path\":\"/api/prospects\",\"body\":{\"prospectId\":\"lily-salon\",\"channel\":\"HAIR_SALON\",\"businessName\":\"Lily Salon\",\"districtId\":\"daoli\",\"streetId\":\"jiefang\",\"address\":\"12 Jiefang Rd\",\"salespersonId\":\"sales1\",\"occurredAt\":\"2026-03-02T01:00:00Z\"}},{\"path\":\"/api/contracts/c-1001/deposits\",\"body\":{\"paymentId\":\"pay-1\",\"amount\":\"500.00\",\"method\":\"WECHAT_PAY\",\"receiptNo\":\"R-0001\",\"occurredAt\":\"2026-03-02T03:00:00Z\"}}]}")
    record Batch(@NotNull @Size(min = 1, max = MAX_COMMANDS, message = "must hold 1 to 200 commands") @Valid
                 List<Command> commands) {
    }

    @Schema(description = "One command's own answer: the status and body it would have had alone")
    record Outcome(int index, String path, int status,
                   @NullWhen("the command answered with an empty body") JsonNode body) {
    }

    record Answer(int commands, int accepted, int refused, List<Outcome> outcomes) {
    }

    @Operation(summary = "Send up to 200 commands in one request",
            description = "Each command is {path, body}, exactly as it would be sent alone (POST path with that body);"
                    + " they are handled in order, each on its own: its own events, its own authorization (a command"
                    + " your role may not send is a 403 in its outcome, the others go on). Atomic per command, one"
                    + " commit for all: each command is a savepoint in the batch's one transaction, so a command that"
                    + " is not accepted leaves nothing behind, and the accepted ones are committed together, durably,"
                    + " before this answer is sent. If the command side dies before that commit (no answer reaches"
                    + " you), nothing of the batch is stored: send it again. The answer lists each one's outcome in"
                    + " order: the status and body it would have had alone (201 with id, version and position; or its"
                    + " problem). Retrying the whole batch, or any part, is safe: a command already done is answered"
                    + " as the first time. More than 200 commands is a 400 (commands); a body over"
                    + " canvass.http.max-batch-bytes (1 MiB) a 413.")
    @PostMapping
    Answer run(@Valid @RequestBody Batch batch, Authentication user, HttpServletRequest request,
               HttpServletResponse response) {
        List<Outcome> outcomes = batchTransaction.execute(transaction -> {
            List<Outcome> handled = new ArrayList<>();
            for (int i = 0; i < batch.commands().size(); i++) {
                handled.add(inSavepoint(i, batch.commands().get(i), user, request, response));
            }
            return handled;
        });
        int accepted = (int) outcomes.stream().filter(BatchController::accepted).count();
        return new Answer(outcomes.size(), accepted, outcomes.size() - accepted, outcomes);
    }

    /** Handles one command in a savepoint of its own: kept if it was accepted, undone if not. */
    private Outcome inSavepoint(int index, Command command, Authentication user, HttpServletRequest request,
                                HttpServletResponse response) {
        TransactionStatus savepoint = transactions.getTransaction(
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED));
        Outcome outcome;
        try {
            outcome = handle(index, command, user, request, response);
        } catch (IOException | RuntimeException e) {
            transactions.rollback(savepoint);
            throw e instanceof RuntimeException runtime ? runtime : new UncheckedIOException((IOException) e);
        }
        if (accepted(outcome)) {
            transactions.commit(savepoint);
        } else {
            transactions.rollback(savepoint);
        }
        return outcome;
    }

    private static boolean accepted(Outcome outcome) {
        return outcome.status() >= 200 && outcome.status() < 300;
    }

    private Outcome handle(int index, Command command, Authentication user, HttpServletRequest batchRequest,
                           HttpServletResponse batchResponse) throws IOException {
        String path = command.path();
        if (path.startsWith("/api/batches") || path.contains("//") || path.contains("/./") || path.contains("/../")
                || path.endsWith("/..") || path.endsWith("/.")) {
            return problem(index, path, 400, "Not a command", "a batch holds commands: " + path + " is not one");
        }
        byte[] body = json.writeValueAsBytes(command.body());
        if (body.length > maxCommandBytes) {
            return problem(index, path, 413, "Request too large", "a command's body may be at most " + maxCommandBytes
                    + " bytes");
        }
        if (!privileges.isAllowed(batchRequest.getContextPath(), path, "POST", user)) {
            return problem(index, path, 403, "Forbidden", "your role may not do this");
        }
        CapturedResponse captured = new CapturedResponse(batchResponse);
        try {
            dispatcher.service(new InnerRequest(batchRequest, path, body, CorrelationIdFilter.ATTRIBUTE), captured);
        } catch (Exception unexpected) {
            return problem(index, path, 500, "Internal error", "the command could not be handled; it may be retried");
        }
        byte[] answer = captured.body();
        JsonNode answered = answer.length == 0 ? null : json.readTree(answer);
        return new Outcome(index, path, captured.status(), answered);
    }

    private Outcome problem(int index, String path, int status, String title, String detail) {
        return new Outcome(index, path, status, json.createObjectNode().put("type", "about:blank").put("title", title)
                .put("status", status).put("detail", detail).put("instance", path));
    }
}
