package io.canvass.command.prospect;

import io.canvass.command.platform.RuleViolation;
import io.canvass.command.platform.Streams;
import io.canvass.events.Channel;
import io.canvass.events.UserId;
import io.canvass.events.prospect.PersonalDataErased;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.prospect.SealedText;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ProspectTest {

    static final DistrictId D1 = new DistrictId("d-1");
    static final StreetId S1 = new StreetId("s-1");
    static final Instant T0 = Instant.parse("2026-03-01T02:00:00Z");

    private FixtureConfiguration<Prospect> fixture;
    /** The plan: district d-1 with street s-1 only. */
    private final Set<String> plannedStreets = Set.of("d-1/s-1");
    private final Map<String, String> claimedKeys = new HashMap<>();
    private final TestPersonalData personal = new TestPersonalData();

    /**
     * Sealing as a test double: deterministic, so the fixture can compare events, and with keys that
     * can be destroyed. The real cipher is tested in PersonalDataCipherTest, the real key store in
     * PersonalDataErasureTest.
     */
    static final class TestPersonalData implements PersonalData {
        final Set<ProspectId> keys = new java.util.HashSet<>();

        static SealedText sealed(String field, String text) {
            return text == null ? null : new SealedText(SealedText.SEALED + java.util.Base64.getEncoder()
                    .encodeToString((field + "=" + text).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }

        @Override
        public SealedText seal(ProspectId prospect, String field, String text) {
            keys.add(prospect);
            return sealed(field, text);
        }

        @Override
        public java.util.Optional<String> open(ProspectId prospect, String field, SealedText sealed) {
            if (sealed == null || !keys.contains(prospect)) {
                return java.util.Optional.empty();
            }
            String text = new String(java.util.Base64.getDecoder().decode(sealed.value().substring(SealedText.SEALED.length())),
                    java.nio.charset.StandardCharsets.UTF_8);
            return java.util.Optional.of(text.substring(field.length() + 1));
        }

        @Override
        public void erase(ProspectId prospect) {
            keys.remove(prospect);
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Prospect.class);
        fixture.registerAnnotatedCommandHandler(new ProspectCommandHandler(fixture.getRepository(),
                (district, street) -> {
                    if (!district.equals(D1)) {
                        throw new RuleViolation("district " + district + " is not planned");
                    }
                    if (!plannedStreets.contains(district + "/" + street)) {
                        throw new RuleViolation("street " + street + " is not planned in district " + district);
                    }
                },
                (key, prospectId) -> claimedKeys.computeIfAbsent(key, k -> prospectId),
                streamsOf(fixture), personal));
    }

    static RecordProspect record(String prospectId, String name, String address, StreetId street) {
        return new RecordProspect(new ProspectId(prospectId), Channel.HAIR_SALON, name, D1, street, address,
                "Ms Li", "138 0000 0000", new UserId("sales1"), T0);
    }

    static ProspectRecorded recorded(String prospectId, String name, String address) {
        return new ProspectRecorded(new ProspectId(prospectId), Channel.HAIR_SALON, name, D1, S1, address,
                TestPersonalData.sealed("contactName", "Ms Li"), TestPersonalData.sealed("contactPhone", "138 0000 0000"),
                new UserId("sales1"), T0);
    }

    @Test
    void a_prospect_is_recorded_on_a_planned_street() {
        fixture.givenNoPriorActivity()
                .when(record("p-1", "Lily Salon", "1 Jiefang Rd", S1))
                .expectEvents(recorded("p-1", "Lily Salon", "1 Jiefang Rd"))
                .expectResultMessagePayload(0L);
        assertThat(claimedKeys).containsEntry("lily salon|1 jiefang rd", "p-1");
    }

    @Test
    void a_prospect_on_a_street_that_is_not_planned_is_refused() {
        fixture.givenNoPriorActivity()
                .when(record("p-1", "Lily Salon", "1 Jiefang Rd", new StreetId("s-9")))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("street s-9 is not planned in district d-1")
                .expectNoEvents();
    }

    @Test
    void a_prospect_in_a_district_that_is_not_planned_is_refused() {
        RecordProspect command = new RecordProspect(new ProspectId("p-1"), Channel.HAIR_SALON, "Lily Salon",
                new DistrictId("d-9"), S1, "1 Jiefang Rd", null, null, new UserId("sales1"), T0);
        fixture.givenNoPriorActivity()
                .when(command)
                .expectException(RuleViolation.class)
                .expectExceptionMessage("district d-9 is not planned")
                .expectNoEvents();
    }

    @Test
    void the_same_business_at_the_same_address_is_not_recorded_twice() {
        claimedKeys.put("lily salon|1 jiefang rd", "p-1");
        fixture.givenNoPriorActivity()
                .when(record("p-2", "  LILY   salon ", "1 Jiefang Rd", S1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("\"  LILY   salon \" at \"1 Jiefang Rd\" is already recorded as prospect p-1")
                .expectNoEvents();
    }

    @Test
    void the_same_business_name_at_another_address_is_another_prospect() {
        claimedKeys.put("lily salon|1 jiefang rd", "p-1");
        fixture.givenNoPriorActivity()
                .when(record("p-2", "Lily Salon", "9 Renmin Rd", S1))
                .expectEvents(recorded("p-2", "Lily Salon", "9 Renmin Rd"));
    }

    @Test
    void the_same_prospect_sent_twice_is_recorded_once() {
        personal.keys.add(new ProspectId("p-1"));
        fixture.given(recorded("p-1", "Lily Salon", "1 Jiefang Rd"))
                .when(record("p-1", "Lily Salon", "1 Jiefang Rd", S1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(0L);
    }

    @Test
    void a_prospect_id_reused_for_another_business_is_refused() {
        fixture.given(recorded("p-1", "Lily Salon", "1 Jiefang Rd"))
                .when(record("p-1", "Rose Salon", "2 Jiefang Rd", S1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_retry_with_another_contact_is_another_prospects_details_and_refused() {
        personal.keys.add(new ProspectId("p-1"));
        RecordProspect otherContact = new RecordProspect(new ProspectId("p-1"), Channel.HAIR_SALON, "Lily Salon", D1, S1,
                "1 Jiefang Rd", "Mr Wang", "138 0000 0000", new UserId("sales1"), T0);
        fixture.given(recorded("p-1", "Lily Salon", "1 Jiefang Rd"))
                .when(otherContact)
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    static final Instant ERASED_AT = Instant.parse("2026-11-30T01:00:00Z");

    @Test
    void erasure_destroys_the_key_and_records_why() {
        ProspectId p1 = new ProspectId("p-1");
        personal.keys.add(p1);
        fixture.given(recorded("p-1", "Lily Salon", "1 Jiefang Rd"))
                .when(new ErasePersonalData(p1, "owner's request 118", ERASED_AT))
                .expectEvents(new PersonalDataErased(p1, "owner's request 118", ERASED_AT))
                .expectResultMessagePayload(1L);
        assertThat(personal.keys).doesNotContain(p1);
    }

    @Test
    void a_second_erasure_changes_nothing_and_is_answered_as_the_first() {
        ProspectId p1 = new ProspectId("p-1");
        fixture.given(recorded("p-1", "Lily Salon", "1 Jiefang Rd"), new PersonalDataErased(p1, "first", ERASED_AT))
                .when(new ErasePersonalData(p1, "again", ERASED_AT.plusSeconds(60)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void a_prospect_that_was_never_recorded_cannot_be_erased() {
        fixture.givenNoPriorActivity()
                .when(new ErasePersonalData(new ProspectId("p-9"), "request", ERASED_AT))
                .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void after_erasure_a_retry_of_the_recording_is_still_answered_as_the_first() {
        ProspectId p1 = new ProspectId("p-1");
        fixture.given(recorded("p-1", "Lily Salon", "1 Jiefang Rd"), new PersonalDataErased(p1, "first", ERASED_AT))
                .when(record("p-1", "Lily Salon", "1 Jiefang Rd", S1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(0L);
        assertThat(personal.keys).doesNotContain(p1);
    }

    /** The fixture's event store holds the given events of the aggregate under test, or none. */
    static Streams streamsOf(FixtureConfiguration<?> fixture) {
        return id -> {
            try {
                return fixture.getEventStore().readEvents(id.streamId()).hasNext();
            } catch (org.axonframework.modelling.command.AggregateNotFoundException none) {
                return false;
            }
        };
    }
}
