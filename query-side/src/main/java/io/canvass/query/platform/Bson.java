package io.canvass.query.platform;

import io.canvass.events.Money;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

/**
 * Read-model values in BSON: money as Decimal128 (exact, and summable by MongoDB), ids as map keys.
 */
public final class Bson {

    private Bson() {
    }

    public static Decimal128 money(Money money) {
        return new Decimal128(money.amount());
    }

    public static Money money(Object value) {
        if (value == null) {
            return Money.ZERO;
        }
        if (value instanceof Decimal128 decimal) {
            return new Money(decimal.bigDecimalValue());
        }
        if (value instanceof BigDecimal decimal) {
            return new Money(decimal);
        }
        throw new IllegalArgumentException("not money: " + value.getClass().getName());
    }

    public static Money money(Document document, String field) {
        return money(document.get(field));
    }

    public static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    public static Instant instant(Object value) {
        return value == null ? null : ((Date) value).toInstant();
    }

    /**
     * An id as a field name: ids may hold '.', which MongoDB reads as a path, and never hold '~'
     * (ids are letters, digits, '.', '_' and '-'), so '.' becomes '~'.
     */
    public static String key(String id) {
        return id.replace('.', '~');
    }

    public static String unkey(String key) {
        return key.replace('~', '.');
    }

    public static int integer(Document document, String field) {
        Object value = document.get(field);
        return value == null ? 0 : ((Number) value).intValue();
    }

    /** A sub-document, empty when absent. */
    public static Document sub(Document document, String field) {
        Object value = document.get(field);
        return value instanceof Document sub ? sub : new Document();
    }

    /** The value at a dotted path ({@code a.b.c}), or null when any part is missing. */
    public static Object at(Document document, String path) {
        Object value = document;
        for (String part : path.split("\\.")) {
            if (!(value instanceof Document sub)) {
                return null;
            }
            value = sub.get(part);
        }
        return value;
    }

    /** How many ids one request asks for (see {@link #findByIds}). */
    static final int IDS_PER_REQUEST = 32;

    /**
     * The documents with these ids, in requests of at most {@value #IDS_PER_REQUEST} ids: the
     * embedded MongoDB finds them by its _id index, then checks each against the whole {@code $in}
     * list again, so one request for n ids costs n x n comparisons (measured: most of a coverage
     * request's time with 1,600 ids).
     */
    public static void findByIds(MongoCollection<Document> collection, Collection<String> ids,
                                 org.bson.conversions.Bson projection, Consumer<Document> found) {
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += IDS_PER_REQUEST) {
            var request = collection.find(Filters.in("_id", all.subList(from, Math.min(all.size(), from + IDS_PER_REQUEST))));
            (projection == null ? request : request.projection(projection)).forEach(found);
        }
    }
}
