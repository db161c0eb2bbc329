package io.canvass.query.reconciliation;

import io.canvass.events.Money;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contributions to the day and month documents are stored as arrays; those an earlier version
 * stored as documents are still read, and replacing one keeps the totals exact.
 */
class ReconciliationContributionsTest {

    static final Totals SIGNED = new Totals(1, 1, Money.parse("9800.00"), Money.parse("2940.00"),
            Money.parse("6860.00"), Money.ZERO, Money.ZERO, Money.ZERO, Money.parse("9800.00"), 0, Money.ZERO);
    static final Totals DEPOSIT_PAID = new Totals(1, 1, Money.parse("9800.00"), Money.parse("2940.00"),
            Money.parse("6860.00"), Money.parse("2940.00"), Money.ZERO, Money.ZERO, Money.parse("6860.00"), 1, Money.ZERO);

    @Test
    void an_array_and_an_earlier_document_read_the_same() {
        Document earlier = ReconciliationProjection.document(SIGNED).append("group", "DIRECT|sp-1");
        Object now = ReconciliationProjection.contribution(SIGNED, "DIRECT|sp-1");

        assertThat(ReconciliationProjection.contributed(now)).isEqualTo(ReconciliationProjection.contributed(earlier))
                .isEqualTo(SIGNED);
        assertThat(ReconciliationProjection.contributor(now)).isEqualTo(ReconciliationProjection.contributor(earlier))
                .isEqualTo("DIRECT|sp-1");
    }

    @Test
    void replacing_an_earlier_documents_contribution_moves_the_totals_by_the_difference() {
        Document stored = new Document("_id", "2026-03-02")
                .append("contracts", new Document("c-1", ReconciliationProjection.document(SIGNED).append("group", "DIRECT|sp-1")))
                .append(ReconciliationProjection.TOTALS, new Document("DIRECT|sp-1", ReconciliationProjection.document(SIGNED)))
                .append("rev", 7L);
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("contracts.c-1", ReconciliationProjection.contribution(DEPOSIT_PAID, "DIRECT|sp-1"));
        Set<String> unset = new LinkedHashSet<>();

        assertThat(ReconciliationProjection.PERIOD_TOTALS.derive(stored, set, unset)).isTrue();

        Document totals = (Document) set.get(ReconciliationProjection.TOTALS);
        assertThat(ReconciliationProjection.totals((Document) totals.get("DIRECT|sp-1"))).isEqualTo(DEPOSIT_PAID);
        assertThat(set.get("rev")).isEqualTo(8L);
    }

    @Test
    void writing_the_same_array_again_changes_nothing() {
        Object contribution = ReconciliationProjection.contribution(SIGNED, "DIRECT|sp-1");
        Document stored = new Document("_id", "2026-03-02")
                .append("contracts", new Document("c-1", contribution))
                .append(ReconciliationProjection.TOTALS, new Document("DIRECT|sp-1", ReconciliationProjection.document(SIGNED)))
                .append("rev", 7L);
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("contracts.c-1", new java.util.ArrayList<>((java.util.List<?>) contribution));

        assertThat(ReconciliationProjection.PERIOD_TOTALS.derive(stored, set, new LinkedHashSet<>())).isFalse();
    }
}
