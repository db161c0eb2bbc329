package io.canvass.command.settlement;

import io.canvass.command.platform.RuleViolation;
import io.canvass.command.settlement.ImportStatement.Imported;
import io.canvass.events.Money;
import io.canvass.events.settlement.StatementId;
import io.canvass.events.settlement.StatementLineId;
import io.canvass.events.settlement.StatementLineRecorded;
import io.canvass.events.settlement.StatementSource;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A statement records each line once, whatever file brings it again, and never two figures under one id. */
class StatementTest {

    static final String STREAM = StatementId.of(StatementSource.BANK).streamId();
    static final Instant FIRST_IMPORT = Instant.parse("2026-03-05T02:00:00Z");
    static final Instant SECOND_IMPORT = Instant.parse("2026-03-06T02:00:00Z");

    private FixtureConfiguration<Statement> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Statement.class);
    }

    static StatementLine line(int number, String id, String amount) {
        return new StatementLine(number, new StatementLineId(id), LocalDate.parse("2026-03-02"), Money.parse(amount),
                "R-" + id);
    }

    static ImportStatement file(Instant at, StatementLine... lines) {
        return new ImportStatement(STREAM, StatementSource.BANK, "plain", "d1", List.of(lines), at);
    }

    static StatementLineRecorded recorded(String id, String amount, Instant at) {
        return new StatementLineRecorded(StatementSource.BANK, new StatementLineId(id), LocalDate.parse("2026-03-02"),
                Money.parse(amount), "R-" + id, "plain", "d1", at);
    }

    @Test
    void each_line_of_a_first_file_is_recorded_and_a_refund_stays_negative() {
        fixture.givenNoPriorActivity()
                .when(file(FIRST_IMPORT, line(2, "S-1", "100.00"), line(3, "S-2", "-40.00")))
                .expectEvents(recorded("S-1", "100.00", FIRST_IMPORT), recorded("S-2", "-40.00", FIRST_IMPORT))
                .expectResultMessagePayload(new Imported(1, 2, 0));
    }

    @Test
    void the_same_file_again_records_nothing_new() {
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT), recorded("S-2", "-40.00", FIRST_IMPORT))
                .when(file(SECOND_IMPORT, line(2, "S-1", "100.00"), line(3, "S-2", "-40.00")))
                .expectNoEvents()
                .expectResultMessagePayload(new Imported(1, 0, 2));
    }

    @Test
    void a_file_overlapping_one_imported_before_records_only_its_new_lines() {
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT))
                .when(file(SECOND_IMPORT, line(2, "S-1", "100.00"), line(3, "S-3", "7.50")))
                .expectEvents(recorded("S-3", "7.50", SECOND_IMPORT))
                .expectResultMessagePayload(new Imported(1, 1, 1));
    }

    @Test
    void a_known_line_id_with_another_amount_refuses_the_whole_file_naming_the_line() {
        fixture.given(recorded("S-1", "100.00", FIRST_IMPORT))
                .when(file(SECOND_IMPORT, line(2, "S-9", "5.00"), line(3, "S-1", "101.00")))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString(
                        "line 3: line id S-1 is recorded already with 2026-03-02 and 100.00"));
    }

    @Test
    void a_file_without_lines_is_refused() {
        fixture.givenNoPriorActivity()
                .when(file(FIRST_IMPORT))
                .expectNoEvents()
                .expectException(RuleViolation.class);
    }
}
