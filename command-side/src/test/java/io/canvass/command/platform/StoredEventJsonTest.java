package io.canvass.command.platform;

import io.canvass.events.Channel;
import io.canvass.events.EventType;
import io.canvass.events.EventTypes;
import io.canvass.events.Money;
import io.canvass.events.UserId;
import io.canvass.events.campaign.CampaignClosed;
import io.canvass.events.campaign.CampaignEnded;
import io.canvass.events.campaign.CampaignId;
import io.canvass.events.campaign.CampaignPlanned;
import io.canvass.events.campaign.DailyTargetChanged;
import io.canvass.events.campaign.SalespersonAssigned;
import io.canvass.events.campaign.SalespersonReleased;
import io.canvass.events.contract.BalanceBecameOverdue;
import io.canvass.events.contract.BalanceOverdueCleared;
import io.canvass.events.contract.DepositBecameIdle;
import io.canvass.events.contract.DepositIdleCleared;
import io.canvass.events.contract.BalanceCollected;
import io.canvass.events.contract.ContractCancelled;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.ContractKind;
import io.canvass.events.contract.ContractSigned;
import io.canvass.events.contract.DepositCollected;
import io.canvass.events.contract.InstallationId;
import io.canvass.events.contract.PaymentCorrected;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentKind;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.contract.UnitsInstalled;
import io.canvass.events.prospect.PersonalDataErased;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.prospect.ProspectRecorded;
import io.canvass.events.prospect.SealedText;
import io.canvass.events.period.MonthClosed;
import io.canvass.events.period.MonthReopened;
import io.canvass.events.period.PeriodId;
import io.canvass.events.settlement.MatchKind;
import io.canvass.events.settlement.MatchProposed;
import io.canvass.events.settlement.MatchUndone;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.events.settlement.MatchedPayment;
import io.canvass.events.settlement.PaymentsMatched;
import io.canvass.events.settlement.SettlementFlag;
import io.canvass.events.settlement.SettlementFlagCleared;
import io.canvass.events.settlement.SettlementFlagRaised;
import io.canvass.events.settlement.StatementLineId;
import io.canvass.events.settlement.StatementLineRecorded;
import io.canvass.events.settlement.StatementSource;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.DistrictPlanned;
import io.canvass.events.territory.PlannedStreet;
import io.canvass.events.territory.StreetId;
import io.canvass.events.territory.StreetsAdded;
import io.canvass.platform.axon.CanvassSerializer;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The stored JSON of every event type, snapshotted in src/test/resources/stored-events: a change
 * to what history looks like is a visible, reviewed diff, and old JSON must still read.
 */
class StoredEventJsonTest {

    static final Instant T = Instant.parse("2026-03-01T17:30:00Z");
    static final ContractId C = new ContractId("c-1");

    static final List<Object> SAMPLES = List.of(
            new DistrictPlanned(new DistrictId("d-1"), "Harbin", "Daoli",
                    List.of(new PlannedStreet(new StreetId("s-1"), "Jiefang Rd")), T),
            new StreetsAdded(new DistrictId("d-1"), List.of(new PlannedStreet(new StreetId("s-2"), "Renmin Rd")), T),
            new ProspectRecorded(new ProspectId("p-1"), Channel.HAIR_SALON, "Lily Salon", new DistrictId("d-1"),
                    new StreetId("s-1"), "1 Jiefang Rd", new SealedText(SealedText.SEALED + "AAAAAAAAAAAAAAAAc2VhbGVkIG5hbWU="),
                    new SealedText(SealedText.SEALED + "AAAAAAAAAAAAAAAAc2VhbGVkIHBob25l"), new UserId("sales1"), T),
            new PersonalDataErased(new ProspectId("p-1"), "the owner asked (request 118)", T),
            new ContractSigned(C, new ProspectId("p-1"), Channel.HAIR_SALON, new DistrictId("d-1"), new StreetId("s-1"),
                    new UserId("sales1"), ContractKind.SALE, 2, Money.parse("1380.00"), Money.parse("400.00"),
                    new CampaignId("hair-2026"), T),
            new DepositCollected(C, new PaymentId("pay-1"), Money.parse("400.00"), PaymentMethod.CASH, "R-1", T),
            new UnitsInstalled(C, new InstallationId("i-1"), 2, new UserId("installer"), "D-1", T),
            new BalanceCollected(C, new PaymentId("bal-1"), Money.parse("2360.00"), PaymentMethod.WECHAT_PAY, "R-2", T),
            new ContractCancelled(C, "salon closed", Money.parse("400.00"), T),
            new PaymentCorrected(C, "fix-1", new PaymentId("pay-1"), PaymentKind.DEPOSIT, Money.parse("40.00"),
                    Money.parse("400.00"), "typed 40 for 400", T),
            new BalanceBecameOverdue(C, Money.parse("1600.00"), 30, T),
            new BalanceOverdueCleared(C, "everything is paid", T),
            new DepositBecameIdle(C, Money.parse("400.00"), 30, T),
            new DepositIdleCleared(C, "units installed", T),
            new CampaignPlanned(new CampaignId("hair-2026"), "Hair salons", Channel.HAIR_SALON, LocalDate.parse("2026-03-02"),
                    LocalDate.parse("2026-05-30"), 2, Money.parse("460.00"), List.of(new UserId("sales1"), new UserId("sales2")), T),
            new SalespersonAssigned(new CampaignId("hair-2026"), new UserId("sales3"), LocalDate.parse("2026-03-10"), T),
            new SalespersonReleased(new CampaignId("hair-2026"), new UserId("sales3"), LocalDate.parse("2026-04-01"), T),
            new DailyTargetChanged(new CampaignId("hair-2026"), 3, LocalDate.parse("2026-04-01"), "up to speed", T),
            new CampaignClosed(new CampaignId("hair-2026"), "saturated", LocalDate.parse("2026-05-01"), T),
            new CampaignEnded(new CampaignId("hair-2026"), LocalDate.parse("2026-05-01"), 120, 240, Money.parse("110400.00"),
                    T),
            new StatementLineRecorded(StatementSource.WECHAT_PAY, new StatementLineId("4200001234202603021111111111"),
                    LocalDate.parse("2026-03-02"), Money.parse("-200.00"), "R-2001 mirror deposit", "wechat-merchant",
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", T),
            new PaymentsMatched(StatementSource.CASH_SLIP, "CASH_SLIP-M1", List.of(
                    new MatchedPayment(C, MatchedKind.DEPOSIT, new PaymentId("pay-1"), Money.parse("400.00")),
                    new MatchedPayment(new ContractId("c-2"), MatchedKind.REFUND, null, Money.parse("-100.00"))),
                    List.of(new StatementLineId("slip-0302")), MatchKind.CONFIRMED, "CASH_SLIP-P1",
                    "the 2 March slip", T),
            new MatchProposed(StatementSource.BANK, "BANK-P1", List.of(new MatchedPayment(C, MatchedKind.BALANCE,
                    new PaymentId("bal-1"), Money.parse("2360.00"))), List.of(new StatementLineId("B-1")),
                    "a payment of 2360.00 on 2026-03-02, one of 2 that could be this line", T),
            new MatchUndone(StatementSource.BANK, "BANK-M1", List.of(new MatchedPayment(C, MatchedKind.BALANCE,
                    new PaymentId("bal-1"), Money.parse("2360.00"))), List.of(new StatementLineId("B-1")),
                    "another customer's transfer", T),
            new SettlementFlagRaised(StatementSource.CASH_SLIP, SettlementFlag.UNSETTLED, new MatchedPayment(C,
                    MatchedKind.DEPOSIT, new PaymentId("pay-1"), Money.parse("400.00")), null, null,
                    Money.parse("400.00"), 7, T),
            new SettlementFlagCleared(StatementSource.CASH_SLIP, SettlementFlag.UNSETTLED, new MatchedPayment(C,
                    MatchedKind.DEPOSIT, new PaymentId("pay-1"), Money.parse("400.00")), null, "CASH_SLIP-M2",
                    "matched by CASH_SLIP-M2", T),
            new MonthClosed(new PeriodId("2026-03"), 120, "March reported to head office", T),
            new MonthReopened(new PeriodId("2026-03"), "a late March deposit", T));

    private final CanvassSerializer serializer = new CanvassSerializer();

    static List<Object> samples() {
        return SAMPLES;
    }

    @Test
    void every_event_type_has_a_sample() {
        Map<Class<?>, Object> byType = SAMPLES.stream().collect(Collectors.toMap(Object::getClass, Function.identity()));
        assertThat(byType.keySet()).containsExactlyInAnyOrderElementsOf(EventTypes.all().values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void the_stored_json_of_each_event_is_unchanged_and_reads_back(Object event) throws IOException {
        EventType type = EventTypes.of(event.getClass()).orElseThrow();
        SerializedObject<String> serialized = serializer.serialize(event, String.class);
        assertThat(serialized.getType().getName()).as("stored name, not the Java class").isEqualTo(type.name());
        assertThat(serialized.getType().getRevision()).isEqualTo(type.revision());

        String file = type.name() + ".v" + type.revision() + ".json";
        try (InputStream stored = getClass().getResourceAsStream("/stored-events/" + file)) {
            if (stored == null) {
                Path proposal = Path.of("target", "stored-events", file);
                Files.createDirectories(proposal.getParent());
                Files.writeString(proposal, serialized.getData() + "\n");
                fail("No snapshot of " + file + ": review " + proposal + " and copy it to src/test/resources/stored-events");
            }
            String snapshot = new String(stored.readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(serialized.getData()).as("the stored shape of " + type.name() + " changed: add a revision and an"
                    + " upcaster instead").isEqualTo(snapshot);
            Object read = serializer.deserialize(new SimpleSerializedObject<>(snapshot, String.class,
                    new SimpleSerializedType(type.name(), type.revision())));
            assertThat(read).isEqualTo(event);
        }
    }

    /** A kept snapshot of an older revision, read as every reader reads it: through the upcasters of the apps. */
    private org.axonframework.eventhandling.DomainEventMessage<?> readOlder(String type, String revision,
                                                                             String aggregateType, String aggregateId)
            throws IOException {
        String stored;
        try (InputStream snapshot = getClass().getResourceAsStream("/stored-events/" + type + ".v" + revision + ".json")) {
            stored = new String(snapshot.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        org.axonframework.serialization.upcasting.event.EventUpcasterChain chain =
                new org.axonframework.serialization.upcasting.event.EventUpcasterChain(
                        new io.canvass.platform.axon.ProspectRecordedUpcaster(),
                        new io.canvass.platform.axon.ContractSignedUpcaster());
        org.axonframework.eventhandling.GenericDomainEventEntry<String> entry =
                new org.axonframework.eventhandling.GenericDomainEventEntry<>(aggregateType, aggregateId, 0, "e-1", T,
                        type, revision, stored, "{}");
        return org.axonframework.eventsourcing.EventStreamUtils
                .upcastAndDeserializeDomainEvents(java.util.stream.Stream.of(entry), serializer, chain)
                .asStream().findFirst().orElseThrow();
    }

    /** ContractSigned revision 1 (before campaigns) reads as revision 2 with no campaign. */
    @Test
    void a_contract_signed_before_campaigns_reads_with_no_campaign() throws IOException {
        org.axonframework.eventhandling.DomainEventMessage<?> read = readOlder("ContractSigned", "1", "Contract", "contract:c-1");
        ContractSigned signed = (ContractSigned) read.getPayload();
        assertThat(signed.campaignId()).isNull();
        assertThat(signed.units()).isEqualTo(2);
        assertThat(read.getPayloadType()).isEqualTo(ContractSigned.class);
    }

    /** Revision 1 (contacts in plain text) still reads: through the upcaster, as fields recorded in the clear. */
    @Test
    void a_prospect_recorded_before_sealing_reads_with_its_contact_in_the_clear() throws IOException {
        ProspectRecorded read = (ProspectRecorded) readOlder("ProspectRecorded", "1", "Prospect", "prospect:p-1")
                .getPayload();
        assertThat(read.contactName()).isEqualTo(SealedText.clear("Ms Li"));
        assertThat(read.contactPhone().clearText()).isEqualTo("138 0000 0000");
        assertThat(read.businessName()).isEqualTo("Lily Salon");
        assertThat(read.toString()).doesNotContain("Ms Li", "138");
    }

    @Test
    void money_is_stored_as_text_with_two_decimals() {
        String json = serializer.serialize(SAMPLES.get(4), String.class).getData();
        assertThat(json).contains("\"unitPrice\":\"1380.00\"", "\"depositRequired\":\"400.00\"");
    }

    @Test
    void a_field_added_later_does_not_break_reading_older_code() {
        String withExtra = "{\"contractId\":\"c-1\",\"reason\":\"closed\",\"refunded\":\"1.00\","
                + "\"occurredAt\":\"2026-03-01T17:30:00Z\",\"addedLater\":true}";
        Object read = serializer.deserialize(new SimpleSerializedObject<>(withExtra, String.class,
                new SimpleSerializedType("ContractCancelled", "1")));
        assertThat(read).isEqualTo(new ContractCancelled(C, "closed", Money.parse("1.00"), T));
    }
}
