package io.canvass.command.period;

import io.canvass.command.period.PeriodCommands.CloseMonth;
import io.canvass.command.period.PeriodCommands.ReopenMonth;
import io.canvass.command.platform.RuleViolation;
import io.canvass.events.period.MonthClosed;
import io.canvass.events.period.MonthReopened;
import io.canvass.events.period.PeriodId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** Every rule of a month's closing, broken and refused, and the retries answered as the first. */
class PeriodTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final PeriodId MARCH = new PeriodId("2026-03");
    /** March ends at midnight in Shanghai: 16:00 on 31 March UTC. */
    static final Instant END = LocalDate.parse("2026-04-01").atStartOfDay(ZONE).toInstant();
    static final Instant APRIL_2 = Instant.parse("2026-04-02T02:00:00Z");
    static final Instant APRIL_9 = Instant.parse("2026-04-09T02:00:00Z");
    static final Instant APRIL_10 = Instant.parse("2026-04-10T02:00:00Z");

    private long head = 120;
    private FixtureConfiguration<Period> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Period.class);
        fixture.registerInjectableResource((EventStoreHead) () -> head);
    }

    static CloseMonth close(String reason, Instant at) {
        return new CloseMonth(MARCH, reason, END, at);
    }

    @Test
    void an_ended_month_is_closed_at_the_event_stores_position() {
        fixture.givenNoPriorActivity()
                .when(close("reported", APRIL_2))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MonthClosed(MARCH, 120, "reported", APRIL_2))
                .expectResultMessagePayload(0L);
    }

    @Test
    void a_month_not_over_in_the_branchs_zone_is_refused() {
        // 15:59:59 UTC on 31 March is 23:59:59 in Shanghai: still March there
        fixture.givenNoPriorActivity()
                .when(close("early", END.minusSeconds(1)))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("is not over"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(close("at midnight", END))
                .expectEvents(new MonthClosed(MARCH, 120, "at midnight", END));
    }

    @Test
    void the_same_close_again_answers_the_first_and_another_close_is_refused() {
        head = 500;
        fixture.given(new MonthClosed(MARCH, 120, "reported", APRIL_2))
                .when(close("reported", APRIL_9))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(0L);
        fixture.given(new MonthClosed(MARCH, 120, "reported", APRIL_2))
                .when(close("reported again", APRIL_9))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("closed already"))
                .expectNoEvents();
    }

    @Test
    void reopening_needs_a_closed_month() {
        fixture.givenNoPriorActivity()
                .when(new ReopenMonth(MARCH, "late deposit", APRIL_9))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("is not closed"))
                .expectNoEvents();
        fixture.given(new MonthClosed(MARCH, 120, "reported", APRIL_2))
                .when(new ReopenMonth(MARCH, "late deposit", APRIL_9))
                .expectEvents(new MonthReopened(MARCH, "late deposit", APRIL_9))
                .expectResultMessagePayload(1L);
    }

    @Test
    void the_same_reopening_again_answers_the_first_and_another_is_refused() {
        fixture.given(new MonthClosed(MARCH, 120, "reported", APRIL_2), new MonthReopened(MARCH, "late deposit", APRIL_9))
                .when(new ReopenMonth(MARCH, "late deposit", APRIL_10))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
        fixture.given(new MonthClosed(MARCH, 120, "reported", APRIL_2), new MonthReopened(MARCH, "late deposit", APRIL_9))
                .when(new ReopenMonth(MARCH, "another", APRIL_10))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_reopened_month_closes_again_at_the_new_position_and_keeps_every_close() {
        head = 900;
        fixture.given(new MonthClosed(MARCH, 120, "reported", APRIL_2), new MonthReopened(MARCH, "late deposit", APRIL_9))
                .when(close("reported", APRIL_10))
                .expectEvents(new MonthClosed(MARCH, 900, "reported", APRIL_10))
                .expectResultMessagePayload(2L);
    }
}
