package io.canvass.query.engine;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A build's writes replace whole documents: the same document as the update would give. */
class ReadModelWritesReplacementTest {

    @Test
    void sets_paths_unsets_them_and_sets_on_insert_only_when_new() {
        Document stored = new Document("_id", "2026-03").append("period", "2026-03")
                .append("contracts", new Document("c-1", List.of("g", 1)).append("c-2", List.of("g", 2)))
                .append("totals", new Document("g", 3));

        Document replaced = ReadModelWrites.replacement("2026-03", stored, Map.of("period", "ignored"),
                Map.of("contracts.c-3", List.of("g", 3), "totals", new Document("g", 4), "rev", 2L), Set.of("contracts.c-1"));

        assertThat(replaced).isEqualTo(new Document("_id", "2026-03").append("period", "2026-03")
                .append("contracts", new Document("c-2", List.of("g", 2)).append("c-3", List.of("g", 3)))
                .append("totals", new Document("g", 4)).append("rev", 2L));
    }

    @Test
    void a_new_document_gets_its_insert_fields_and_nested_paths() {
        Document made = ReadModelWrites.replacement("2026-03-02", null, Map.of("period", "2026-03-02"),
                Map.of("contracts.c-1", List.of("g", 1)), Set.of("contracts.c-9", "gone.deeper.still"));

        assertThat(made).isEqualTo(new Document("_id", "2026-03-02").append("period", "2026-03-02")
                .append("contracts", new Document("c-1", List.of("g", 1))));
    }
}
