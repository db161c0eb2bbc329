package io.canvass.command.territory;

import io.canvass.command.platform.RuleViolation;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.events.territory.StreetsAdded;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

class DistrictTest {

    static final DistrictId D1 = new DistrictId("d-1");
    static final Instant T0 = Instant.parse("2026-03-01T01:00:00Z");
    static final List<PlannedStreet> STREETS = List.of(street("s-1", "Jiefang Rd"), street("s-2", "Renmin Rd"));

    private FixtureConfiguration<District> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(District.class);
    }

    static PlannedStreet street(String id, String name) {
        return new PlannedStreet(new StreetId(id), name);
    }

    @Test
    void a_district_is_planned_with_its_streets() {
        fixture.givenNoPriorActivity()
                .when(new PlanDistrict(D1, "Harbin", "Daoli", STREETS, T0))
                .expectEvents(new DistrictPlanned(D1, "Harbin", "Daoli", STREETS, T0))
                .expectResultMessagePayload(0L);
    }

    @Test
    void the_same_plan_sent_twice_is_recorded_once() {
        fixture.given(new DistrictPlanned(D1, "Harbin", "Daoli", STREETS, T0))
                .when(new PlanDistrict(D1, "Harbin", "Daoli", STREETS, T0.plusSeconds(5)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(0L);
    }

    @Test
    void a_different_plan_under_the_same_id_is_refused() {
        fixture.given(new DistrictPlanned(D1, "Harbin", "Daoli", STREETS, T0))
                .when(new PlanDistrict(D1, "Harbin", "Nangang", STREETS, T0))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_plan_with_the_same_street_twice_is_refused() {
        fixture.givenNoPriorActivity()
                .when(new PlanDistrict(D1, "Harbin", "Daoli", List.of(street("s-1", "A"), street("s-1", "B")), T0))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("street s-1 appears twice in the plan")
                .expectNoEvents();
    }

    @Test
    void a_plan_without_streets_is_refused() {
        fixture.givenNoPriorActivity()
                .when(new PlanDistrict(D1, "Harbin", "Daoli", List.of(), T0))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void streets_are_added_to_a_planned_district() {
        List<PlannedStreet> more = List.of(street("s-3", "Zhongyang St"));
        fixture.given(new DistrictPlanned(D1, "Harbin", "Daoli", STREETS, T0))
                .when(new AddStreets(D1, more, T0))
                .expectEvents(new StreetsAdded(D1, more, T0))
                .expectResultMessagePayload(1L);
    }

    @Test
    void a_street_already_planned_is_not_added_again() {
        fixture.given(new DistrictPlanned(D1, "Harbin", "Daoli", STREETS, T0))
                .when(new AddStreets(D1, List.of(street("s-2", "Renmin Rd")), T0))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void streets_are_not_added_to_a_district_that_is_not_planned() {
        fixture.givenNoPriorActivity()
                .when(new AddStreets(D1, List.of(street("s-3", "Zhongyang St")), T0))
                .expectException(AggregateNotFoundException.class);
    }
}
