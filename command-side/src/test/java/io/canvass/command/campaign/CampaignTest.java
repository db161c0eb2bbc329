package io.canvass.command.campaign;

import io.canvass.command.campaign.CampaignCommands.AssignSalesperson;
import io.canvass.command.campaign.CampaignCommands.ChangeDailyTarget;
import io.canvass.command.campaign.CampaignCommands.CloseCampaign;
import io.canvass.command.campaign.CampaignCommands.PlanCampaign;
import io.canvass.command.campaign.CampaignCommands.ReleaseSalesperson;
import io.canvass.command.platform.BranchCalendar;
import io.canvass.command.platform.RuleViolation;
import io.canvass.events.Channel;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.campaign.CampaignClosed;
import io.canvass.events.campaign.CampaignEnded;
import io.canvass.events.campaign.CampaignId;
import io.canvass.events.campaign.CampaignPlan;
import io.canvass.events.campaign.CampaignPlanned;
import io.canvass.events.campaign.DailyTargetChanged;
import io.canvass.events.campaign.SalespersonAssigned;
import io.canvass.events.campaign.SalespersonReleased;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Every campaign rule, broken and refused, and the end that records itself. */
class CampaignTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final CampaignId HAIR = new CampaignId("hair-2026");
    static final String STREAM = HAIR.streamId();
    static final UserId S1 = new UserId("sales1");
    static final UserId S2 = new UserId("sales2");
    static final UserId S3 = new UserId("sales3");
    static final UserId S4 = new UserId("sales4");
    /** Today, for the branch: 2026-03-10 (the campaign runs 2026-03-02 to 2026-05-30, 90 days). */
    static final LocalDate TODAY = LocalDate.parse("2026-03-10");
    static final Instant NOW = TODAY.atTime(10, 0).atZone(ZONE).toInstant();
    static final LocalDate START = LocalDate.parse("2026-03-02");
    static final LocalDate END = LocalDate.parse("2026-05-30");
    static final Instant RECORDED = Instant.parse("2026-03-01T02:00:00Z");

    private final BranchCalendar calendar = new BranchCalendar(Clock.fixed(NOW, ZoneOffset.UTC), ZONE, 30, 30);
    private final CampaignStaffing staffing = mock(CampaignStaffing.class);
    private FixtureConfiguration<Campaign> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Campaign.class);
        fixture.registerInjectableResource(calendar);
        fixture.registerInjectableResource(staffing);
    }

    static PlanCampaign plan(LocalDate start, LocalDate end, int target, List<UserId> people) {
        return new PlanCampaign(HAIR, "Hair salons", Channel.HAIR_SALON, start, end, target, Money.parse("460.00"),
                people, TODAY, RECORDED);
    }

    static CampaignPlanned planned() {
        return new CampaignPlanned(HAIR, "Hair salons", Channel.HAIR_SALON, START, END, 2, Money.parse("460.00"),
                List.of(S1, S2, S3), RECORDED);
    }

    @Test
    void a_campaign_is_planned_with_its_end_as_a_deadline_and_the_plan_of_the_channel_plan() {
        fixture.givenNoPriorActivity()
                .when(plan(START, END, 2, List.of(S1, S2, S3)))
                .expectEvents(planned())
                .expectResultMessagePayload(0L)
                .expectScheduledDeadlineWithName(END.plusDays(1).atStartOfDay(ZONE).toInstant(), Campaign.END);
        CampaignPlan plan = CampaignPlan.of(planned());
        assertThat(plan.planned().units()).isEqualTo(540);
        assertThat(plan.planned().netProfit()).isEqualTo(Money.parse("248400.00"));
        assertThat(plan.planned().salespersonDays()).isEqualTo(270);
    }

    @Test
    void dates_out_of_order_are_refused() {
        fixture.givenNoPriorActivity()
                .when(plan(END, START, 2, List.of(S1)))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("dates out of order: endDate 2026-03-02 is before startDate 2026-05-30")
                .expectNoEvents();
    }

    @Test
    void a_campaign_without_salespeople_or_naming_one_twice_is_refused() {
        fixture.givenNoPriorActivity()
                .when(plan(START, END, 2, List.of(S1, S1)))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_retry_of_the_planning_is_answered_as_the_first_and_other_terms_are_refused() {
        fixture.given(planned())
                .when(plan(START, END, 2, List.of(S1, S2, S3)))
                .expectNoEvents()
                .expectResultMessagePayload(0L);
        fixture.given(planned())
                .when(plan(START, END, 3, List.of(S1, S2, S3)))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("campaign hair-2026 is already planned with other terms");
    }

    @Test
    void an_overlapping_campaign_for_a_salesperson_is_refused_by_the_staffing() {
        doThrow(new RuleViolation("salesperson sales1 already works campaign other")).when(staffing)
                .claim(any(), any(), any(), any(), any());
        fixture.givenNoPriorActivity()
                .when(plan(START, END, 2, List.of(S1)))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_salesperson_joins_from_today_on_and_the_staffing_is_claimed_to_the_last_day() {
        fixture.given(planned())
                .when(new AssignSalesperson(STREAM, S4, TODAY, TODAY, NOW))
                .expectEvents(new SalespersonAssigned(HAIR, S4, TODAY, NOW))
                .expectResultMessagePayload(1L);
        verify(staffing).claim(HAIR, Channel.HAIR_SALON, S4, TODAY, END);
    }

    @Test
    void an_assignment_in_the_past_is_refused() {
        fixture.given(planned())
                .when(new AssignSalesperson(STREAM, S4, TODAY.minusDays(1), TODAY, NOW))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("an assignment applies from today on, never back: from 2026-03-09 is before today, 2026-03-10")
                .expectNoEvents();
    }

    @Test
    void an_assignment_outside_the_campaign_is_refused() {
        fixture.given(planned())
                .when(new AssignSalesperson(STREAM, S4, END.plusDays(1), TODAY, NOW))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("dates out of order: an assignment from 2026-05-31 is outside the campaign, 2026-03-02 to 2026-05-30")
                .expectNoEvents();
    }

    @Test
    void someone_already_on_the_campaign_is_not_assigned_again_but_a_retry_is_answered_as_the_first() {
        fixture.given(planned())
                .when(new AssignSalesperson(STREAM, S1, TODAY, TODAY, NOW))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("salesperson sales1 already works campaign hair-2026 on 2026-03-10");
        fixture.given(planned(), new SalespersonAssigned(HAIR, S4, TODAY, NOW))
                .when(new AssignSalesperson(STREAM, S4, TODAY, TODAY, NOW.plusSeconds(60)))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void a_release_ends_the_stint_the_day_before_and_is_never_back() {
        fixture.given(planned())
                .when(new ReleaseSalesperson(STREAM, S3, TODAY.plusDays(1), TODAY, NOW))
                .expectEvents(new SalespersonReleased(HAIR, S3, TODAY.plusDays(1), NOW));
        verify(staffing).release(HAIR, S3, TODAY.plusDays(1));
        fixture.given(planned())
                .when(new ReleaseSalesperson(STREAM, S3, TODAY.minusDays(1), TODAY, NOW))
                .expectException(RuleViolation.class)
                .expectNoEvents();
        fixture.given(planned())
                .when(new ReleaseSalesperson(STREAM, S4, TODAY, TODAY, NOW))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("salesperson sales4 does not work campaign hair-2026 on 2026-03-10");
    }

    @Test
    void a_target_changes_from_a_day_on_and_never_back() {
        fixture.given(planned())
                .when(new ChangeDailyTarget(STREAM, 3, TODAY.plusDays(1), "up to speed", TODAY, NOW))
                .expectEvents(new DailyTargetChanged(HAIR, 3, TODAY.plusDays(1), "up to speed", NOW));
        fixture.given(planned())
                .when(new ChangeDailyTarget(STREAM, 3, TODAY.minusDays(1), "up to speed", TODAY, NOW))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("a target change applies from today on, never back: from 2026-03-09 is before today, 2026-03-10")
                .expectNoEvents();
    }

    @Test
    void a_later_target_change_does_not_rewrite_the_target_of_a_day_before_it() {
        CampaignPlan plan = CampaignPlan.of(planned())
                .with(new DailyTargetChanged(HAIR, 3, TODAY.plusDays(1), "up to speed", NOW));
        assertThat(plan.targetOn(TODAY)).contains(2);
        assertThat(plan.targetOn(TODAY.plusDays(1))).contains(3);
        assertThat(plan.targetOn(END.plusDays(1))).isEmpty();
        // 9 days at 2 (Mar 2-10) and 81 at 3, for 3 people
        assertThat(plan.planned().units()).isEqualTo(3 * (9 * 2 + 81 * 3));
    }

    @Test
    void a_closed_campaign_takes_no_changes_and_ends_at_the_end_of_its_closure_day() {
        Instant closing = NOW.plusSeconds(3600);
        fixture.given(planned())
                .when(new CloseCampaign(STREAM, "saturated", closing, TODAY, TODAY))
                .expectEvents(new CampaignClosed(HAIR, "saturated", TODAY, closing))
                .expectScheduledDeadlineWithName(TODAY.plusDays(1).atStartOfDay(ZONE).toInstant(), Campaign.END);
        verify(staffing).close(HAIR, TODAY);
        fixture.given(planned(), new CampaignClosed(HAIR, "saturated", TODAY, closing))
                .when(new ChangeDailyTarget(STREAM, 3, TODAY, "up", TODAY, NOW))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("campaign hair-2026 was closed on 2026-03-10 and takes no further changes");
        fixture.given(planned(), new CampaignClosed(HAIR, "saturated", TODAY, closing))
                .when(new CloseCampaign(STREAM, "saturated", closing, TODAY, TODAY))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void a_closure_does_not_reach_back() {
        fixture.given(planned())
                .when(new CloseCampaign(STREAM, "saturated", NOW.minusSeconds(86400 * 3), TODAY.minusDays(3), TODAY))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void an_ended_campaign_takes_no_changes() {
        LocalDate after = END.plusDays(1);
        fixture.given(planned())
                .when(new AssignSalesperson(STREAM, S4, after, after, NOW))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("campaign hair-2026 ended on 2026-05-30 and takes no further changes");
    }

    @Test
    void the_end_records_itself_once_when_its_last_day_is_over() {
        Instant end = END.plusDays(1).atStartOfDay(ZONE).toInstant();
        fixture.givenNoPriorActivity()
                .andGivenCommands(plan(START, END, 2, List.of(S1, S2, S3)))
                .whenTimeAdvancesTo(end.plusSeconds(1))
                .expectEvents(new CampaignEnded(HAIR, END, 270, 540, Money.parse("248400.00"), end));
        // closed early: two deadlines are pending (the closure day's end and the planned end); both fire, one end is recorded
        Instant closedEnd = TODAY.plusDays(1).atStartOfDay(ZONE).toInstant();
        fixture.givenNoPriorActivity()
                .andGivenCommands(plan(START, END, 2, List.of(S1, S2, S3)),
                        new CloseCampaign(STREAM, "saturated", NOW, TODAY, TODAY))
                .whenTimeAdvancesTo(end.plusSeconds(1))
                .expectEvents(new CampaignEnded(HAIR, TODAY, 27, 54, Money.parse("24840.00"), closedEnd));
    }
}
