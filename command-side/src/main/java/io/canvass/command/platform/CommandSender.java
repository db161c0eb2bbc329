package io.canvass.command.platform;

import io.canvass.events.StreamIdentifier;
import io.canvass.platform.audit.ChainedAppend;
import io.canvass.platform.axon.EventMetadata;
import io.canvass.platform.web.CorrelationIdFilter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;

/**
 * Sends a command on behalf of the authenticated user, with the metadata every event carries,
 * and answers where the event that records it sits in the store.
 */
@Component
public class CommandSender {

    /** How many times a command is decided before a lost append is answered as a concurrent change. */
    static final int ATTEMPTS = 5;

    private final CommandGateway gateway;
    private final JdbcTemplate jdbc;
    private final HttpServletRequest request;
    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter conflicts;
    private final TransactionTemplate savepoint;

    CommandSender(CommandGateway gateway, JdbcTemplate jdbc, HttpServletRequest request, MeterRegistry meters,
                  PlatformTransactionManager transactions) {
        this.gateway = gateway;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.jdbc = jdbc;
        this.request = request;
        this.meters = meters;
        this.conflicts = Counter.builder("canvass.commands.conflicts")
                .description("Commands decided again because another command side appended to their stream first")
                .register(meters);
    }

    public Written send(StreamIdentifier aggregateId, Object command) {
        return send(aggregateId, command, null);
    }

    /** Sends the command and answers the aggregate's version and the global position of its event. */
    public Written send(StreamIdentifier aggregateId, Object command, String reason) {
        Long version = answer(command, reason);
        return new Written(aggregateId.value(), version, position(aggregateId, version));
    }

    /**
     * Sends the command and answers what its handler answered: for the commands that answer more
     * than a version (a statement import answers how many lines it recorded).
     */
    public <R> R answer(Object command, String reason) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(EventMetadata.USER_ID, currentUser());
        metadata.put(EventMetadata.ROLE, currentRole());
        metadata.put(EventMetadata.CORRELATION_ID, correlationId());
        if (reason != null) {
            metadata.put(EventMetadata.REASON, reason);
        }
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            R answer = decide(GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(metadata)));
            outcome = "accepted";
            return answer;
        } catch (RuntimeException e) {
            outcome = outcome(e);
            throw e;
        } finally {
            sample.stop(timer(command.getClass().getSimpleName(), outcome));
        }
    }

    /**
     * Sends the command; when its event could not be appended because another command side (or
     * another signing of the same new id) appended to the stream first, sends it again: the
     * repository reads the stream afresh and the command is decided on the history that won, as
     * one command side taking them one after the other would decide it. Only a command that loses
     * {@value #ATTEMPTS} times in a row answers "concurrent change" (see docs/command-consistency.md).
     * Each attempt is a unit of work and transaction of its own, so a lost one leaves nothing behind.
     *
     * <p>Inside a batch's transaction (docs/batches.md) an attempt is a savepoint instead: Axon's
     * unit of work joins the batch's transaction, and a refused or lost attempt is rolled back to its
     * savepoint, which also clears the aborted state a refused INSERT leaves in PostgreSQL, so the
     * next attempt and the batch's next command go on in the same transaction.
     */
    private <R> R decide(CommandMessage<?> command) {
        boolean inBatch = TransactionSynchronizationManager.isActualTransactionActive();
        for (int attempt = 1; ; attempt++) {
            ChainedAppend.forgetAppended();
            try {
                return inBatch ? savepoint.execute(status -> gateway.<R>sendAndWait(command)) : gateway.sendAndWait(command);
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !(cause(e) instanceof ConcurrencyException
                        || cause(e) instanceof AggregateStreamCreationException)) {
                    throw e;
                }
                conflicts.increment();
            }
        }
    }

    /**
     * The global position of the event at {@code version} of the stream: where this thread just
     * appended it, or, for a command answered as already done, where it was stored before.
     */
    public long position(StreamIdentifier aggregateId, long version) {
        Long appended = ChainedAppend.appendedAt(aggregateId.streamId(), version);
        if (appended != null) {
            return appended;
        }
        return jdbc.queryForObject(
                "select global_index from domain_event_entry where aggregate_identifier = ? and sequence_number = ?",
                Long.class, aggregateId.streamId(), version);
    }

    /** The command timer of a type and outcome, built once (building and looking one up per command showed in profiles). */
    private Timer timer(String type, String outcome) {
        return timers.computeIfAbsent(type + "|" + outcome, key -> Timer.builder("canvass.commands")
                .description("Commands handled, by type and outcome")
                .tag("type", type)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(meters));
    }

    /** How a command failed, as the metrics tell it: refused by a rule, not found, concurrent, or an error of ours. */
    private static String outcome(RuntimeException e) {
        Throwable cause = cause(e);
        if (cause instanceof RuleViolation) {
            return "refused";
        }
        if (cause instanceof AggregateNotFoundException) {
            return "not_found";
        }
        if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
            return "conflict";
        }
        return "error";
    }

    /** What a handler threw: the command bus may wrap it. */
    private static Throwable cause(RuntimeException e) {
        return e instanceof CommandExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    /** A salesperson acts only as themselves; everyone else allowed here may act for anyone. */
    public void requireActingAsSelfIfSales(String salespersonId) {
        if ("SALES".equals(currentRole()) && !currentUser().equals(salespersonId)) {
            throw new AccessDeniedException("a salesperson records only their own work: salespersonId must be "
                    + currentUser());
        }
    }

    /** The correlation id of this request, set by {@link CorrelationIdFilter}. */
    public String correlationId() {
        Object id = request.getAttribute(CorrelationIdFilter.ATTRIBUTE);
        return id instanceof String text ? text : UUID.randomUUID().toString();
    }

    private static String currentUser() {
        return authentication().getName();
    }

    private static String currentRole() {
        return authentication().getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> authority.substring("ROLE_".length()))
                .findFirst()
                .orElse("NONE");
    }

    private static Authentication authentication() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            throw new AccessDeniedException("not authenticated");
        }
        return authentication;
    }
}
