/**
 * The read-model engine: what every read model runs on, so that a read model (a dashboard's
 * documents) is one package with one bean and no knowledge of how events reach it
 * (docs/read-model-engine.md says how to add one).
 *
 * <h2>What a read model implements</h2>
 * A Spring bean implementing {@link io.canvass.query.engine.ReadModel}: the collections it owns,
 * their secondary indexes, the totals kept beside contributions
 * ({@link io.canvass.query.engine.ReadModelWrites.Summary}), and {@code apply(Batch, ReadModelWrites)}:
 * it reads the batch's {@link io.canvass.query.engine.Projector.Delivery deliveries} (event,
 * stream sequence, global position) from the {@link io.canvass.query.engine.Batch} and gathers its
 * document writes in {@link io.canvass.query.engine.ReadModelWrites}, which the engine sends as one
 * guarded bulk write per collection. It must be idempotent by position (applying a batch twice, whole
 * or in part, leaves the same documents: every document remembers what it applied). Optionally it says
 * where it placed a stream ({@link io.canvass.query.engine.Reach}), so that a parked event marks only
 * the answers it reaches stale. A controller answering from it asks
 * {@link io.canvass.query.engine.Freshness} to wait for a position and to say how fresh the answer is,
 * naming what it reads ({@link io.canvass.query.engine.Reads}). That is the whole published API for
 * features; the admin endpoints also operate {@link io.canvass.query.engine.ReadModelRebuild},
 * {@link io.canvass.query.engine.DeadLetters} and {@link io.canvass.query.engine.DeadLetterRetry}.
 * Everything else here is package-private, and {@code QuerySideArchitectureTest} keeps it so: the
 * engine names no read model, features use only this API.
 *
 * <h2>What the engine does</h2>
 * Events come from the command side's event store through Axon's pooled streaming processor
 * ({@code projections}, woken by PostgreSQL NOTIFY: {@code WakingMessageSource}); the handlers only
 * gather a batch, and the {@code Projector} applies it to every read model at the batch's end, before
 * Axon stores the token. The read models live in generations; a rebuild builds the next generation in
 * bulk beside the current one ({@code GenerationBuilder}), which keeps answering, then switches
 * ({@code ReadModelRebuild}, {@code ReadModelGenerations}); a request reads the one generation it
 * began with, and a replaced generation is dropped once no request reads it ({@code GenerationPerRequest}). Events that cannot be applied are parked
 * with their stream ({@code DeadLetters}).
 *
 * <h2>Where Axon already does a part</h2>
 * <ul>
 * <li><b>Used:</b> the pooled streaming processor (segments, claims, batches, gap-aware tokens), the
 * {@code MongoTokenStore} of the Mongo extension for its tokens, and Axon's JDBC storage engine (with its
 * serializer and upcasters) to read events, also for the bulk build.</li>
 * <li><b>Not used: the sequenced dead-letter queue</b> ({@code DeadLetteringEventHandlerInvoker}). In
 * Axon 4.13 it wraps the invocation of the event handlers for one message and parks that message when
 * a handler throws. Our handlers never throw for a read model's sake: they only gather the batch, and
 * the read models apply it at the batch's end, in an interceptor (for one bulk write per collection
 * per batch instead of one write per event). A failure therefore belongs to the batch, where Axon's
 * queue cannot see which event caused it; {@code DeadLetters} does the same thing (sequence = the
 * event's stream; a stream's later events queue behind its first failure) where the failing event is
 * known. It also parks events the bulk build could not apply, which never pass through a handler.</li>
 * <li><b>Not used: token reset and replay</b> ({@code StreamingEventProcessor.resetTokens}). A reset
 * replays into the read models that are answering, which would show empty or partial figures until the
 * replay ends; Axon requires every instance's processor stopped for the reset, and the replay then goes
 * event by event through the processor's small batches. A rebuild instead builds a new generation in
 * bulk while the current one answers, and only at the switch stops the processors for a moment and
 * stores the new generation's token through the {@code TokenStore} itself.</li>
 * </ul>
 */
package io.canvass.query.engine;
