package io.canvass.query.engine;

import io.canvass.query.platform.Bson;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.mongo.MongoProperties;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read models live in generations, all in the one database the MongoDB URI names ({@code
 * canvass} by default): generation 1's collections are {@code g1_contracts}, {@code g1_districts},
 * ..., its dead letters {@code g1_dead_letters} and its own projection tokens {@code
 * g1_trackingtokens}. Every query reads the current one (see {@link GenerationDatabaseFactory}), a
 * rebuild writes the next beside it, and one write of one document makes it current: the document
 * {@value #ID} of {@value #COLLECTION}, which says which generation is current and which is being
 * built, by whom, with a heartbeat (so that another instance, or the next start after a crash, knows
 * a build was abandoned). Since the tokens belong to their generation, that pointer is all a switch
 * changes: before it, the old generation is complete with its own tokens; after it, the new one.
 * The query side never lists, creates or drops a database: {@code readWrite} on this one database is
 * all its login needs (docs/read-model-engine.md#one-database).
 */
@Component
class ReadModelGenerations {

    public static final String COLLECTION = "read_model_generations";
    /** The control document of this layout (an earlier version kept a database per generation under {@code projections}). */
    static final String ID = "generations";
    private static final Pattern GENERATION = Pattern.compile("g(\\d+)_.+");
    private static final Logger log = LoggerFactory.getLogger(ReadModelGenerations.class);

    /**
     * @param current   the generation every query reads; 0 before the first was built
     * @param building  the generation being built, or null
     * @param builder   the instance building it
     * @param heartbeat when the builder last said it was still at it
     * @param versions  the read models' versions the current generation was built with, by read model
     */
    public record State(int current, Integer building, String builder, Instant heartbeat, Map<String, Integer> versions) {
    }

    private final MongoClient client;
    private final MongoDatabase database;
    private final Clock clock;
    private final String instance = UUID.randomUUID().toString();
    private final Map<Integer, MongoTemplate> templates = new ConcurrentHashMap<>();
    private final Duration abandonedAfter;
    /** The requests of this instance reading each generation now; also guards changes of {@link #current}. */
    private final Map<Integer, Integer> readers = new HashMap<>();
    /** The generation the request this thread serves reads, resolved once at its start. */
    private final ThreadLocal<Integer> bound = new ThreadLocal<>();
    private volatile int current;

    ReadModelGenerations(MongoClient client, MongoProperties properties, Clock clock, RebuildSettings rebuild) {
        this.client = client;
        this.database = client.getDatabase(properties.getMongoClientDatabase());
        this.clock = clock;
        this.abandonedAfter = rebuild.abandonedAfter();
        this.current = state().current();
    }

    /** This instance, as a builder names itself in the control document. */
    public String instance() {
        return instance;
    }

    /** The one database: every generation's collections and the control document. */
    public MongoDatabase control() {
        return database;
    }

    /** What every collection of a generation starts with. */
    static String prefix(int generation) {
        return "g" + generation + "_";
    }

    /** The generation every query reads (0: none built yet, an empty database). */
    public int current() {
        return current;
    }

    /** Whether a generation has been built: until then the read models are empty. */
    public boolean ready() {
        return current > 0;
    }

    /**
     * What a query reads: the generation its request resolved at its start ({@link
     * GenerationPerRequest}), else the current one. A request still reading a replaced generation
     * asks, at each operation, whether it was dropped meanwhile (only an instance silent for longer
     * than {@code abandoned-after}, or a read longer than {@code retire-after}, can see that): it is
     * answered 503 then, never from empty collections.
     */
    MongoDatabase currentDatabase() {
        return database(stillThere());
    }

    /** The generation this thread reads, unless it was dropped meanwhile: then {@link GenerationGone}. */
    int stillThere() {
        int generation = read();
        if (generation != current && dropped(generation)) {
            throw new GenerationGone(generation);
        }
        return generation;
    }

    /** The generation this thread's reads use: its request's, else the current one. */
    int read() {
        Integer request = bound.get();
        return request == null ? current : request;
    }

    /** Whether a generation's drop has begun (the control document says so before its collections go). */
    private boolean dropped(int generation) {
        return control().getCollection(COLLECTION).find(Filters.and(Filters.eq("_id", ID),
                Filters.eq("dropped", generation))).first() != null;
    }

    /** A request's reads begin: the generation it reads until it ends, counted as read meanwhile. */
    int acquire() {
        synchronized (readers) {
            readers.merge(current, 1, Integer::sum);
            return current;
        }
    }

    /** A request that read {@code generation} has ended (its streamed body too). */
    void release(int generation) {
        synchronized (readers) {
            readers.computeIfPresent(generation, (g, count) -> count > 1 ? count - 1 : null);
        }
    }

    /** The generation this thread's reads use (null: the current one). */
    void bind(Integer generation) {
        if (generation == null) {
            bound.remove();
        } else {
            bound.set(generation);
        }
    }

    Integer bound() {
        return bound.get();
    }

    /** Whether a request of this instance reads the generation now. */
    boolean readHere(int generation) {
        synchronized (readers) {
            return readers.containsKey(generation);
        }
    }

    /**
     * Says in the control document which generations this instance reads (the current one, and any
     * a request still reads), with when: a generation is dropped only once no live instance lists it.
     * Taken under the same lock as {@link #acquire}, so that a request that begins after the list was
     * taken reads a generation in it or a newer one.
     */
    @Scheduled(fixedDelay = 500)
    void report() {
        List<Integer> reading;
        synchronized (readers) {
            java.util.Set<Integer> set = new java.util.TreeSet<>(readers.keySet());
            set.add(current);
            reading = new ArrayList<>(set);
        }
        try {
            control().getCollection(COLLECTION).updateOne(Filters.eq("_id", ID), Updates.set("readers." + instance,
                    new Document("reading", reading).append("seen", Date.from(clock.instant()))));
        } catch (RuntimeException unavailable) {
            log.debug("Could not say which generations this instance reads: {}", unavailable.toString());
        }
    }

    /**
     * Whether another live instance (one that reported within {@code abandoned-after}) still reads the
     * generation, or has not yet said it moved past it.
     */
    boolean readElsewhere(int generation) {
        Document document = control().getCollection(COLLECTION).find(Filters.eq("_id", ID)).first();
        Document all = document == null ? null : document.get("readers", Document.class);
        if (all == null) {
            return false;
        }
        Instant live = clock.instant().minus(abandonedAfter);
        for (Map.Entry<String, Object> entry : all.entrySet()) {
            if (!entry.getKey().equals(instance) && entry.getValue() instanceof Document other
                    && other.getDate("seen") != null && other.getDate("seen").toInstant().isAfter(live)
                    && other.getList("reading", Integer.class, List.of()).contains(generation)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a request here or on another live instance reads the generation. */
    boolean read(int generation) {
        return readHere(generation) || readElsewhere(generation);
    }

    /** A read of a generation that was dropped while it read it: answered 503, to be asked again. */
    static final class GenerationGone extends RuntimeException {
        GenerationGone(int generation) {
            super("generation " + generation + " of the read models, which this request was reading, has been"
                    + " replaced and dropped: send the same request again");
        }
    }

    /** One generation, seen as a database of its own: its collections by their plain names. */
    MongoDatabase database(int generation) {
        return GenerationDatabaseFactory.view(database, prefix(generation));
    }

    /** A template writing to one generation (the builder's target). */
    public MongoTemplate template(int generation) {
        return templates.computeIfAbsent(generation, g -> new MongoTemplate(new GenerationDatabaseFactory(
                client, database.getName(), () -> database(g))));
    }

    /**
     * From now on every query reads this generation, and the projections write it: call it only while
     * this instance's processor is stopped, so that no batch writes one generation and stores its token
     * in another.
     */
    void adopt(int generation) {
        synchronized (readers) {
            if (generation != current) {
                log.info("The read models are now generation {} (collections {}*)", generation, prefix(generation));
                current = generation;
            }
        }
    }

    public State state() {
        Document document = control().getCollection(COLLECTION).find(Filters.eq("_id", ID)).first();
        if (document == null) {
            return new State(0, null, null, null, Map.of());
        }
        Date heartbeat = document.getDate("heartbeat");
        Map<String, Integer> versions = new java.util.TreeMap<>();
        Document recorded = document.get("versions", Document.class);
        if (recorded != null) {
            recorded.forEach((name, version) -> versions.put(name, ((Number) version).intValue()));
        }
        return new State(document.getInteger("current", 0), document.getInteger("building"), document.getString("builder"),
                heartbeat == null ? null : heartbeat.toInstant(), versions);
    }

    /** Whether a build under way has stopped saying it is alive (its instance died). */
    public boolean abandoned(State state, Duration after) {
        return state.building() != null && (state.heartbeat() == null
                || state.heartbeat().isBefore(clock.instant().minus(after)));
    }

    /**
     * Takes the next build for this instance: answers the generation to build, or null when another
     * instance's build is alive (its heartbeat newer than {@code abandonedAfter}). One document,
     * changed only if still as read, so two instances starting at once cannot both build.
     */
    public Integer claimBuild(Duration abandonedAfter) {
        State state = state();
        if (state.building() != null && !abandoned(state, abandonedAfter)) {
            return null;
        }
        int generation = Math.max(state.current(), state.building() == null ? 0 : state.building()) + 1;
        Date now = Date.from(clock.instant());
        var collection = control().getCollection(COLLECTION);
        try {
            if (collection.find(Filters.eq("_id", ID)).first() == null) {
                collection.insertOne(new Document("_id", ID).append("current", 0).append("building", generation)
                        .append("builder", instance).append("heartbeat", now));
                return generation;
            }
        } catch (MongoException raced) {
            return null; // another instance inserted it first
        }
        long claimed = collection.updateOne(Filters.and(Filters.eq("_id", ID), Filters.eq("current", state.current()),
                        state.building() == null ? Filters.exists("building", false) : Filters.eq("building", state.building())),
                Updates.combine(Updates.set("building", generation), Updates.set("builder", instance),
                        Updates.set("heartbeat", now))).getMatchedCount();
        return claimed == 1 ? generation : null;
    }

    /** The builder is still at it; false when the build is no longer this instance's (taken over, or given up). */
    boolean heartbeat(int generation) {
        return mine(generation, Updates.set("heartbeat", Date.from(clock.instant())));
    }

    /**
     * The switch, one single-document write: the built generation (with its own tokens, written
     * before) is the current one, built with these read-model versions. Refused when another instance
     * took the build over meanwhile. Every instance, this one too, then adopts it with its processor
     * stopped ({@code ReadModelRebuild}).
     */
    void switchTo(int generation, Map<String, Integer> versions) {
        if (!mine(generation, Updates.combine(Updates.set("current", generation), Updates.set("versions", new Document(versions)),
                Updates.unset("building"), Updates.unset("builder"), Updates.unset("heartbeat"),
                // a number a failed build used and dropped may be claimed again: it is not a dropped one now
                Updates.pull("dropped", generation)))) {
            throw new LostBuild(generation);
        }
    }

    /** The build is given up (it failed): the current generation stays. */
    void abandon(int generation) {
        mine(generation, Updates.combine(Updates.unset("building"), Updates.unset("builder"), Updates.unset("heartbeat")));
        // a switch whose answer was lost (a primary election) may have happened: then it is current, and stays
        if (state().current() != generation) {
            drop(generation);
        }
    }

    /** The build this instance claimed is someone else's now: it must not switch (nor say it is alive). */
    static final class LostBuild extends IllegalStateException {
        LostBuild(int generation) {
            super("the build of generation " + generation + " is no longer this instance's (another instance took it"
                    + " over after its heartbeat went silent): it is not switched to");
        }
    }

    /** Changes the control document only while the build is this instance's: whether it still was. */
    private boolean mine(int generation, org.bson.conversions.Bson update) {
        return control().getCollection(COLLECTION).updateOne(Filters.and(Filters.eq("_id", ID),
                Filters.eq("building", generation), Filters.eq("builder", instance)), update).getMatchedCount() == 1;
    }

    /**
     * Drops every collection of a generation (its read models, dead letters and tokens), after saying
     * so in the control document, so that a request still reading it is answered 503, not empty.
     */
    void drop(int generation) {
        control().getCollection(COLLECTION).updateOne(Filters.eq("_id", ID), Updates.addToSet("dropped", generation));
        String prefix = prefix(generation);
        for (String name : database.listCollectionNames()) {
            if (name.startsWith(prefix)) {
                database.getCollection(name).drop();
            }
        }
        templates.remove(generation);
    }

    /**
     * Drops the generations nobody reads or will read: not read by a request here nor by a live instance
     * ({@link #report}), below the newest claimed ({@code current} or
     * {@code building}, whichever is higher) and not current. Claims only count up, so such a generation
     * never becomes current again, whatever another instance does after this read: one built by an
     * instance that crashed, the one a switch replaced. A generation above the newest claim is left (an
     * instance may be claiming it right now); a build claims it again and starts by dropping it.
     * After the first build, also what earlier versions kept unprefixed in this database ({@code
     * legacyCollections}: read models, tokens).
     */
    void dropUnused(List<String> legacyCollections) {
        State state = state();
        int newest = Math.max(state.current(), state.building() == null ? 0 : state.building());
        java.util.Set<Integer> unused = new java.util.TreeSet<>();
        List<String> existing = database.listCollectionNames().into(new ArrayList<>());
        for (String name : existing) {
            Matcher generation = GENERATION.matcher(name);
            if (generation.matches()) {
                int number = Integer.parseInt(generation.group(1));
                if (number < newest && number != state.current() && !read(number)) {
                    unused.add(number);
                }
            }
        }
        unused.forEach(this::drop);
        List<String> dropped = new ArrayList<>(unused.stream().map(ReadModelGenerations::prefix).map(p -> p + "*").toList());
        if (state.current() > 0) {
            for (String collection : legacyCollections) {
                if (existing.contains(collection)) {
                    database.getCollection(collection).drop();
                    dropped.add(collection);
                }
            }
        }
        if (!dropped.isEmpty()) {
            log.info("Dropped read models nobody reads: {}", dropped);
        }
    }
}
