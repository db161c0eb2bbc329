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
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read models live in generations, each a MongoDB database of its own ({@code canvass_g1},
 * {@code canvass_g2}, ...): every query reads the current one (see {@link
 * GenerationDatabaseFactory}), a rebuild writes the next beside it and one switch makes it
 * current. What stays across generations is in the control database ({@code canvass}): the
 * projections' tokens, and the document {@value #ID} of {@value #COLLECTION} saying which
 * generation is current and which is being built, by whom, with a heartbeat (so that another
 * instance, or the next start after a crash, knows a build was abandoned).
 */
@Component
public class ReadModelGenerations {

    public static final String COLLECTION = "read_model_generations";
    static final String ID = "projections";
    private static final Logger log = LoggerFactory.getLogger(ReadModelGenerations.class);

    /**
     * @param current   the generation every query reads; 0 before the first was built
     * @param building  the generation being built, or null
     * @param builder   the instance building it
     * @param heartbeat when the builder last said it was still at it
     * @param switching whether the builder is making it current (every instance stops projecting meanwhile)
     */
    public record State(int current, Integer building, String builder, Instant heartbeat, boolean switching) {
    }

    private final MongoClient client;
    private final String base;
    private final Clock clock;
    private final String instance = UUID.randomUUID().toString();
    private final Map<Integer, MongoTemplate> templates = new ConcurrentHashMap<>();
    private volatile int current;

    ReadModelGenerations(MongoClient client, MongoProperties properties, Clock clock) {
        this.client = client;
        this.base = properties.getMongoClientDatabase();
        this.clock = clock;
        this.current = state().current();
    }

    /** This instance, as a builder names itself in the control document. */
    public String instance() {
        return instance;
    }

    /** The database that stays: tokens and the control document. */
    public MongoDatabase control() {
        return client.getDatabase(base);
    }

    public String databaseName(int generation) {
        return base + "_g" + generation;
    }

    /** The generation every query reads (0: none built yet, an empty database). */
    public int current() {
        return current;
    }

    /** Whether a generation has been built: until then the read models are empty. */
    public boolean ready() {
        return current > 0;
    }

    MongoDatabase currentDatabase() {
        return client.getDatabase(databaseName(current));
    }

    /** A template writing to one generation (the builder's target). */
    public MongoTemplate template(int generation) {
        return templates.computeIfAbsent(generation, g -> new MongoTemplate(client, databaseName(g)));
    }

    /** From now on every query reads this generation. */
    public void adopt(int generation) {
        if (generation != current) {
            log.info("The read models are now generation {} (database {})", generation, databaseName(generation));
            current = generation;
        }
    }

    public State state() {
        Document document = control().getCollection(COLLECTION).find(Filters.eq("_id", ID)).first();
        if (document == null) {
            return new State(0, null, null, null, false);
        }
        Date heartbeat = document.getDate("heartbeat");
        return new State(document.getInteger("current", 0), document.getInteger("building"), document.getString("builder"),
                heartbeat == null ? null : heartbeat.toInstant(), Boolean.TRUE.equals(document.getBoolean("switching")));
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
                        .append("builder", instance).append("heartbeat", now).append("switching", false));
                return generation;
            }
        } catch (MongoException raced) {
            return null; // another instance inserted it first
        }
        long claimed = collection.updateOne(Filters.and(Filters.eq("_id", ID), Filters.eq("current", state.current()),
                        state.building() == null ? Filters.exists("building", false) : Filters.eq("building", state.building())),
                Updates.combine(Updates.set("building", generation), Updates.set("builder", instance),
                        Updates.set("heartbeat", now), Updates.set("switching", false))).getMatchedCount();
        return claimed == 1 ? generation : null;
    }

    /** The builder is still at it. */
    public void heartbeat(int generation) {
        mine(generation, Updates.set("heartbeat", Date.from(clock.instant())));
    }

    /** Every instance stops projecting while the builder makes its generation current. */
    public void switching(int generation, boolean switching) {
        mine(generation, Updates.combine(Updates.set("switching", switching), Updates.set("heartbeat", Date.from(clock.instant()))));
    }

    /** The built generation is now the current one. */
    public void switched(int generation) {
        mine(generation, Updates.combine(Updates.set("current", generation), Updates.unset("building"),
                Updates.unset("builder"), Updates.unset("heartbeat"), Updates.set("switching", false)));
        adopt(generation);
    }

    /** The build is given up (it failed): the current generation stays. */
    public void abandon(int generation) {
        mine(generation, Updates.combine(Updates.unset("building"), Updates.unset("builder"), Updates.unset("heartbeat"),
                Updates.set("switching", false)));
        drop(generation);
    }

    private void mine(int generation, org.bson.conversions.Bson update) {
        control().getCollection(COLLECTION).updateOne(Filters.and(Filters.eq("_id", ID), Filters.eq("building", generation),
                Filters.eq("builder", instance)), update);
    }

    public void drop(int generation) {
        client.getDatabase(databaseName(generation)).drop();
        templates.remove(generation);
    }

    /**
     * Drops the generations nobody reads or builds (left by a build that crashed: no heartbeat for
     * {@code abandonedAfter}; or the one a switch replaced); and, after the first build, the read
     * models an earlier version kept in the control database itself.
     */
    public void dropUnused(List<String> legacyCollections, Duration abandonedAfter) {
        State state = state();
        Integer building = abandoned(state, abandonedAfter) ? null : state.building();
        List<String> dropped = new ArrayList<>();
        for (String name : client.listDatabaseNames()) {
            if (!name.startsWith(base + "_g")) {
                continue;
            }
            int generation;
            try {
                generation = Integer.parseInt(name.substring(base.length() + 2));
            } catch (NumberFormatException notOurs) {
                continue;
            }
            if (generation != state.current() && !Integer.valueOf(generation).equals(building)) {
                drop(generation);
                dropped.add(name);
            }
        }
        if (state.current() > 0) {
            List<String> existing = control().listCollectionNames().into(new ArrayList<>());
            for (String collection : legacyCollections) {
                if (existing.contains(collection)) {
                    control().getCollection(collection).drop();
                    dropped.add(base + "." + collection);
                }
            }
        }
        if (!dropped.isEmpty()) {
            log.info("Dropped read models nobody reads: {}", dropped);
        }
    }
}
