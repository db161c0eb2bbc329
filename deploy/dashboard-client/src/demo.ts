// Runs the typed client against `deploy/run.sh --demo` (DemoCampaignTest runs it so, see docs/openapi.md):
//   node dist/demo.js --command-url http://localhost:8080 --query-url http://localhost:8081
// It writes once (a district) and reads it back with the own-write wait, reads every dashboard, and
// prints the hair-salon campaign's figures. Figures are read without a null check: the documents
// say they are always there, and the end-to-end tests hold the server to that.
import { Canvass, yuan, type ChannelProfit } from "./canvass.js";

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback;
}

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error("not as expected: " + what);
  }
}

const FROM = "2026-03-02";
const TO = "2026-05-30";

async function main(): Promise<void> {
  const canvass = new Canvass({
    commandUrl: option("--command-url", "http://localhost:8080"),
    queryUrl: option("--query-url", "http://localhost:8081"),
    user: option("--user", "manager"),
    password: option("--password", "demo"),
  });
  const after = Number(option("--min-position", "0"));

  // a command, then the own-write wait: the read shows the write, or says stale
  const written = await canvass.planDistrict({
    districtId: "ts-client", city: "Harbin", name: "Typed client",
    streets: [{ streetId: "ts-1", name: "First Rd" }, { streetId: "ts-2", name: "Second Rd" }],
  });
  const district = await canvass.district("ts-client", { afterWrite: written.position });
  check(!district.stale, "the district read after its own write is not stale");
  const streets: number = district.streetsPlanned;
  const coverage: number = district.coverage;
  console.log(`own write: district ${district.districtId} at position ${written.position}, ${streets} streets`
    + ` planned, coverage ${coverage}`);
  const minPosition = Math.max(after, written.position);

  const profit = await canvass.profit(FROM, TO, { minPosition });
  const hair: ChannelProfit | undefined = profit.channels.find(channel => channel.channel === "HAIR_SALON");
  if (hair === undefined) {
    throw new Error("no hair-salon line in the profit dashboard");
  }
  const units: number = hair.unitsSigned;
  const installed: number = hair.unitsInstalled;
  const net: string = hair.netProfit;
  console.log(`profit ${FROM}..${TO}: hair salons ${units} units signed, ${installed} installed,`
    + ` net profit ${yuan(net)}, outstanding ${yuan(hair.outstanding)}; all channels ${yuan(profit.total.netProfit)}`);

  const { campaign } = await canvass.campaign("hair-20260302", TO, { minPosition });
  const planned: number = campaign.plan.units;
  const plannedNet: string = campaign.plan.netProfit;
  console.log(`campaign ${campaign.campaignId} (${campaign.status}): ${campaign.unitsSigned} units signed,`
    + ` ${campaign.unitsInstalled} installed, net profit ${yuan(campaign.netProfit)};`
    + ` plan ${planned} units, ${yuan(plannedNet)}; forecast ${campaign.forecast.units} units`);
  for (const salesperson of campaign.bySalesperson) {
    const met: number = salesperson.daysMet;
    console.log(`  ${salesperson.salespersonId}: ${salesperson.unitsSigned} units, quota met ${met} days`);
  }

  const campaigns = await canvass.campaigns(TO, { minPosition });
  console.log(`campaigns: ${campaigns.campaigns.map(c => `${c.campaignId} ${c.unitsSigned}/${c.plan.units}`).join(", ")}`);
  const quota = await canvass.dailyQuota(FROM, { minPosition });
  console.log(`quota on ${quota.date}: team ${quota.team.unitsSigned} of ${quota.team.target},`
    + ` shortfall ${quota.team.shortfall}`);
  const sales1 = await canvass.salespersonQuota("sales1", FROM, TO, { minPosition });
  console.log(`quota of sales1: ${sales1.totals.daysMet} of ${sales1.totals.days} days met`);
  const districts = await canvass.coverage({ minPosition });
  console.log(`coverage: ${districts.districts.map(d => `${d.districtId} ${d.streetsCanvassed}/${d.streetsPlanned}`).join(", ")}`);
  const prospects = await canvass.prospects("sales1", { minPosition });
  console.log(`prospects of ${prospects.salespersonId ?? "everyone"}: ${prospects.page.totalElements}`);
  const followUps = await canvass.followUps(TO, { minPosition });
  console.log(`follow-ups on ${followUps.date}: ${followUps.overdueBalances.length} overdue balances,`
    + ` ${followUps.idleDeposits.length} idle deposits, ${followUps.campaignsEndingBehind.length} campaigns behind`);
  const reconciliation = await canvass.reconciliation(TO, { minPosition });
  const outstanding: string = reconciliation.totals.outstanding;
  console.log(`reconciliation as of ${reconciliation.date}: ${reconciliation.totals.contracts} contracts,`
    + ` collected ${yuan(reconciliation.totals.collected)}, outstanding ${yuan(outstanding)}`);
  const csv = await canvass.reconciliationCsv(TO, { minPosition });
  console.log(`reconciliation CSV: ${csv.trimEnd().split("\r\n").length - 1} lines`);

  check(units === 540 && installed === 540 && net === "248400.00", "the hair salons' 540 units and 248,400.00");
  console.log(`hair-salon campaign: ${units} units, ${yuan(net)}`);
}

main().catch((failure: unknown) => {
  console.error(failure instanceof Error ? failure.message : failure);
  process.exitCode = 1;
});
