package io.canvass.deploy;

import io.canvass.client.command.api.ContractsApi;
import io.canvass.client.command.api.ProspectsApi;
import io.canvass.client.command.api.TerritoryApi;
import io.canvass.client.command.model.InstallationRequest;
import io.canvass.client.command.model.PaymentRequest;
import io.canvass.client.command.model.PlanDistrictRequest;
import io.canvass.client.command.model.RecordProspectRequest;
import io.canvass.client.command.model.SignContractRequest;
import io.canvass.client.command.model.StreetRequest;
import io.canvass.client.command.model.Written;
import io.canvass.client.query.api.CoverageApi;
import io.canvass.client.query.api.ProfitApi;
import io.canvass.client.query.api.QuotaApi;
import io.canvass.client.query.api.ReconciliationApi;
import io.canvass.client.query.model.ChannelProfit;
import io.canvass.client.query.model.Daily;
import io.canvass.client.query.model.DistrictDetail;
import io.canvass.client.query.model.Profit;
import io.canvass.client.query.model.Reconciliation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dashboard team's view (issue 17): Java clients generated at build time from the kept OpenAPI
 * documents (deploy/openapi/), driving a short campaign and reading the dashboards through them
 * alone, against Canvass started by run.sh.
 */
class GeneratedClientTest {


    static io.canvass.client.command.ApiClient commands(Canvass canvass, String user) {
        return new io.canvass.client.command.ApiClient().setScheme("http").setHost("localhost").setPort(canvass.commandPort)
                .setBasePath("").setRequestInterceptor(request -> request.header("Authorization", basic(user)));
    }

    static io.canvass.client.query.ApiClient queries(Canvass canvass, String user) {
        return new io.canvass.client.query.ApiClient().setScheme("http").setHost("localhost").setPort(canvass.queryPort)
                .setBasePath("").setRequestInterceptor(request -> request.header("Authorization", basic(user)));
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_short_campaign_through_the_generated_clients_alone() throws Exception {
        try (Canvass canvass = Canvass.start(Files.createTempDirectory("canvass-client"))) {
            new io.canvass.client.command.api.CampaignsApi(commands(canvass, "manager")).planCampaign(
                    new io.canvass.client.command.model.PlanCampaignRequest().campaignId("hair-2026").name("Hair salons")
                            .channel(io.canvass.client.command.model.PlanCampaignRequest.ChannelEnum.HAIR_SALON)
                            .startDate(LocalDate.parse("2026-03-02")).endDate(LocalDate.parse("2026-05-30")).dailyTarget(2)
                            .netProfitPerUnit("460.00").salespeople(List.of("sales1")));
            new TerritoryApi(commands(canvass, "manager")).plan(new PlanDistrictRequest().districtId("daoli").city("Harbin")
                    .name("Daoli").streets(List.of(new StreetRequest().streetId("jiefang").name("Jiefang Rd"),
                            new StreetRequest().streetId("renmin").name("Renmin Rd"))));
            new ProspectsApi(commands(canvass, "sales1")).record(new RecordProspectRequest().prospectId("lily-salon")
                    .channel(RecordProspectRequest.ChannelEnum.HAIR_SALON).businessName("Lily Salon").districtId("daoli")
                    .streetId("jiefang").address("12 Jiefang Rd").salespersonId("sales1")
                    .occurredAt(OffsetDateTime.parse("2026-03-02T01:00:00Z")));
            new ContractsApi(commands(canvass, "sales1")).sign(new SignContractRequest().contractId("c-1001")
                    .prospectId("lily-salon").salespersonId("sales1").kind(SignContractRequest.KindEnum.SALE).units(2)
                    .unitPrice("1380.00").depositRequired("500.00").occurredAt(OffsetDateTime.parse("2026-03-01T17:30:00Z")));
            new ContractsApi(commands(canvass, "sales1")).collectDeposit("c-1001", new PaymentRequest().paymentId("pay-1")
                    .amount("500.00").method(PaymentRequest.MethodEnum.WECHAT_PAY).receiptNo("R-0001")
                    .occurredAt(OffsetDateTime.parse("2026-03-02T03:00:00Z")));
            new ContractsApi(commands(canvass, "installer")).install("c-1001", new InstallationRequest()
                    .installationId("inst-1").units(2).installerId("installer").deliveryReceiptNo("D-0001")
                    .occurredAt(OffsetDateTime.parse("2026-03-03T02:00:00Z")));
            Written balance = new ContractsApi(commands(canvass, "installer")).collectBalance("c-1001", new PaymentRequest()
                    .paymentId("pay-2").amount("1000.00").method(PaymentRequest.MethodEnum.CASH).receiptNo("R-0002")
                    .occurredAt(OffsetDateTime.parse("2026-03-03T03:00:00Z")));
            assertThat(balance.getVersion()).isEqualTo(3L);
            // read your own write: afterWrite waits for this command's event (the earlier commands'
            // committed before it), not for other clients' commands still in flight below it
            long position = balance.getPosition();

            DistrictDetail district = new CoverageApi(queries(canvass, "manager")).district("daoli", null, position);
            assertThat(district.getStale()).isFalse();
            assertThat(district.getStreetsCanvassed()).isEqualTo(1);
            assertThat(district.getCoverage()).isEqualByComparingTo("0.5");
            Daily quota = new QuotaApi(queries(canvass, "sales1")).daily(LocalDate.parse("2026-03-02"), null, position, null, null);
            assertThat(quota.getSalespeople()).anySatisfy(day -> {
                assertThat(day.getSalespersonId()).isEqualTo("sales1");
                assertThat(day.getUnitsSigned()).isEqualTo(2);
                assertThat(day.getMet()).isTrue();
            });
            Profit profit = new ProfitApi(queries(canvass, "finance")).channels(LocalDate.parse("2026-03-01"),
                    LocalDate.parse("2026-03-31"), null, position);
            ChannelProfit hair = profit.getChannels().get(0);
            assertThat(hair.getChannel()).isEqualTo(ChannelProfit.ChannelEnum.HAIR_SALON);
            assertThat(hair.getNetProfit()).isEqualTo("920.00");
            assertThat(hair.getCollected()).isEqualTo("1500.00");
            // the campaign's plan for March's 30 days of it: 1 salesperson x 2 a day
            assertThat(hair.getPlan().getUnits()).isEqualTo(60);
            assertThat(hair.getPlan().getNetProfit()).isEqualTo("27600.00");
            Reconciliation reconciliation = new ReconciliationApi(queries(canvass, "finance"))
                    .reconciliation(LocalDate.parse("2026-03-31"), null, null, null, position, null, null);
            assertThat(reconciliation.getTotals().getOutstanding()).isEqualTo("1260.00");
            assertThat(reconciliation.getContracts().get(0).getStatus().getValue()).isEqualTo("INSTALLED");
        }
    }
}
