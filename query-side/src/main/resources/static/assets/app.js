// Canvass web page: one page, a view per dashboard at its own path (/coverage, /quota, /profit,
// /campaigns, /reconciliation, /audit, /settlement, /month). Every figure comes from the query side's API, read with the session;
// filters live in the address (shareable, and what the browser tests open). When the read models
// move on (server-sent events from /api/progress) the open view reads its figures again with that
// position as minPosition: no reload, and it says how fresh they are. Opened with afterWrite=P (a
// field app's own command), it waits for that write.
(function () {
  const C = window.Canvass;
  const t = C.t;
  const state = { me: null, shown: -1, reached: -1, refreshing: false, again: false, charts: [] };
  window.__canvassLoadedAt = Date.now();

  // ---------- small helpers ----------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function today() {
    return new Intl.DateTimeFormat("en-CA", { timeZone: state.me.zone }).format(new Date());
  }

  function addDays(date, days) {
    const d = new Date(date + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  function query() {
    return new URLSearchParams(location.search);
  }

  class Unauthorized extends Error {}

  // A field app that opens this page right after its own command passes the command's position in
  // the address as afterWrite: the figures wait for that write alone, not for other commands still
  // in flight below it (docs/freshness.md); progress ticks then ask for minPosition as before.
  const ownWrite = /^\d+$/.test(query().get("afterWrite") || "") ? query().get("afterWrite") : null;

  async function api(path, accept) {
    const wait = [];
    if (state.reached >= 0 && !accept) wait.push("minPosition=" + state.reached);
    const write = state.afterWrite !== undefined ? state.afterWrite : ownWrite;
    if (write !== null && !accept) wait.push("afterWrite=" + write);
    const separator = path.includes("?") ? "&" : "?";
    const url = wait.length ? path + separator + wait.join("&") : path;
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: accept || "application/json" } });
    if (response.status === 401) {
      location.href = "/login";
      throw new Unauthorized();
    }
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (ignored) { /* not JSON */ }
      throw new Error(response.status + " " + detail);
    }
    return accept ? response.text() : response.json();
  }

  /** What an answer reflects: shown in the header, and kept to read the next one at least as fresh. */
  function reflect(answer) {
    if (!answer || !answer.asOf) return;
    state.shown = Math.max(state.shown, answer.asOf.position);
    const box = document.getElementById("freshness");
    box.dataset.position = String(answer.asOf.position);
    box.dataset.stale = String(!!answer.stale);
    // (replaceChildren writes a null as the text "null": only what is there)
    box.replaceChildren(...[
      t("asOf") + " " + answer.asOf.position + " · " + t("updated") + " "
      + C.instant(new Date().toISOString(), state.me.zone).slice(-8) + " · ",
      el("span", { class: answer.stale ? "stale" : "" }, answer.stale ? t("stale") : t("fresh")),
      answer.asOf.parked && answer.asOf.parked.length
        ? el("span", { class: "stale", id: "parked", title: answer.asOf.parked.map(p => p.stream).join(", ") },
          " · " + t("parked", { n: answer.asOf.parked.length }))
        : null].filter(part => part !== null));
  }

  function table(id, columns, rows, rowAttrs) {
    const head = el("tr", {}, columns.map(c => el("th", { scope: "col", class: c.num ? "num" : "" }, t(c.label || c.key))));
    const body = rows.length === 0
      ? [el("tr", {}, el("td", { colspan: columns.length }, t("none")))]
      : rows.map(row => el("tr", rowAttrs ? rowAttrs(row) : {}, columns.map(c => {
        const value = c.cell ? c.cell(row) : row[c.key];
        // an id is shown as it is (WECHAT_PAY-P1): "raw" tells the browser tests it is no untranslated word
        return el("td", { class: (c.num ? "num " : "") + (c.cls ? c.cls(row) : ""), "data-field": c.key, "data-raw": !!c.raw }, value);
      })));
    return el("div", { class: "scroll" }, el("table", { id }, el("thead", {}, head), el("tbody", {}, body)));
  }

  function filters(fields, onShow) {
    const form = el("form", { class: "filters", onsubmit: event => {
      event.preventDefault();
      const next = new URLSearchParams(location.search);
      for (const f of fields) {
        const value = form.elements[f.name].value;
        if (value) next.set(f.name, value); else next.delete(f.name);
      }
      next.delete("page");
      history.pushState(null, "", location.pathname + "?" + next.toString());
      onShow();
    } },
    fields.map(f => el("label", {}, t(f.label || f.name),
      el("input", { name: f.name, id: "filter-" + f.name, type: f.type || "date", value: f.value, required: f.required }))),
    el("button", { type: "submit", id: "show" }, t("show")));
    return form;
  }

  function chart(id, option) {
    const box = el("div", { class: "chart", id, role: "img", "aria-label": option.title ? option.title.text : id });
    requestAnimationFrame(() => {
      if (!window.echarts) return;
      const instance = window.echarts.init(box, null, { renderer: "canvas" });
      instance.setOption(option);
      state.charts.push(instance);
    });
    return box;
  }

  /** Draws a view's parts; a part a role does not see is null, and replaceChildren would write it as "null". */
  function show(main, ...parts) {
    main.replaceChildren(...parts.filter(part => part !== null && part !== undefined && part !== false));
  }

  function card(key, value, attrs) {
    return el("div", Object.assign({ class: "card" }, attrs || {}),
      el("div", { class: "label" }, t(key)), el("div", { class: "value" }, value));
  }

  // ---------- views ----------

  const VIEWS = {
    async coverage(main) {
      const district = query().get("district");
      if (district) {
        const d = await api("/api/coverage/districts/" + encodeURIComponent(district));
        reflect(d);
        show(main,
          el("h2", {}, t("coverage") + " · " + d.name + " (" + d.city + ")"),
          el("p", {}, el("a", { href: "/coverage", onclick: go }, "← " + t("back"))),
          el("div", { class: "cards" }, card("coverageRate", C.percent(d.coverage), { "data-total": "coverage" }),
            card("streetsCanvassed", d.streetsCanvassed + " / " + d.streetsPlanned), card("prospects", C.count(d.prospects)),
            card("contracts", C.count(d.contracts)), card("conversion", C.percent(d.conversion))),
          table("streets", [
            { key: "name", label: "street" }, { key: "prospects", num: true }, { key: "contracts", num: true },
            { key: "unitsSigned", num: true }, { key: "unitsInstalled", num: true }],
          d.streets, s => ({ "data-street": s.streetId, class: s.prospects === 0 ? "untouched" : "", title: s.prospects === 0 ? t("untouched") : null })),
          await prospects("?size=500&districtId=" + encodeURIComponent(district), "prospects"));
        return;
      }
      const list = await api("/api/coverage/districts?size=500");
      reflect(list);
      show(main,
        el("h2", {}, t("coverage")),
        chart("coverage-chart", {
          grid: { left: 40, right: 16, top: 24, bottom: 60 }, tooltip: {},
          xAxis: { type: "category", data: list.districts.map(d => d.name), axisLabel: { rotate: 30 } },
          yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
          series: [{ type: "bar", name: t("coverageRate"), data: list.districts.map(d => Math.round(d.coverage * 1000) / 10) }]
        }),
        table("districts", [
          { key: "name", label: "district", cell: d => el("a", { href: "/coverage?district=" + encodeURIComponent(d.districtId), onclick: go }, d.name) },
          { key: "streetsPlanned", num: true }, { key: "streetsCanvassed", num: true },
          { key: "coverage", label: "coverageRate", num: true, cell: d => C.percent(d.coverage) },
          { key: "prospects", num: true }, { key: "contracts", num: true }, { key: "unitsSigned", num: true },
          { key: "unitsInstalled", num: true }, { key: "conversion", num: true, cell: d => C.percent(d.conversion) }],
        list.districts, d => ({ "data-district": d.districtId })),
        state.me.role === "SALES" ? await prospects("?size=500", "myProspects") : null);
    },

    async quota(main) {
      const q = query();
      const date = q.get("date") || today();
      const to = q.get("to") || date;
      const from = q.get("from") || addDays(to, -13);
      const board = await api("/api/quota/daily?size=500&date=" + date);
      reflect(board);
      const own = state.me.role === "SALES";
      const rows = own ? board.salespeople.filter(r => r.salespersonId === state.me.userId) : board.salespeople;
      const people = own ? [state.me.userId] : rows.map(r => r.salespersonId);
      const ranges = await Promise.all(people.map(p => api("/api/quota/salespeople/" + encodeURIComponent(p)
        + "?from=" + from + "&to=" + to)));
      ranges.forEach(reflect);
      const days = ranges.length ? ranges[0].days.map(d => d.date) : [];
      const cells = [];
      // each cell: day, salesperson, units signed, and whether that day's own target was met
      ranges.forEach((r, y) => r.days.forEach((d, x) => cells.push([x, y, d.unitsSigned, d.met ? 1 : 0])));
      show(main,
        el("h2", {}, t("quota")),
        filters([{ name: "date", value: date, required: true }, { name: "from", value: from }, { name: "to", value: to }], render),
        own ? null : el("div", { class: "cards" },
          card("unitsSigned", C.count(board.team.unitsSigned), { "data-total": "unitsSigned" }),
          card("target", C.count(board.team.target)), card("daysMet", C.count(board.team.daysMet)),
          card("shortfall", C.count(board.team.shortfall), { "data-total": "shortfall" })),
        table("quota-board", [
          { key: "salespersonId", label: "salesperson" }, { key: "unitsSigned", num: true }, { key: "target", num: true },
          { key: "met", cell: r => r.met ? "✓ " + t("yes") : "✗ " + t("no"), cls: r => r.met ? "met" : "short" },
          { key: "shortfall", num: true }],
        rows, r => ({ "data-salesperson": r.salespersonId })),
        el("h2", {}, t("heatmap")),
        chart("quota-heatmap", {
          tooltip: { formatter: p => people[p.value[1]] + " " + days[p.value[0]] + ": " + p.value[2] },
          grid: { left: 80, right: 16, top: 16, bottom: 80 },
          xAxis: { type: "category", data: days.map(d => d.slice(5)), splitArea: { show: true } },
          yAxis: { type: "category", data: people, splitArea: { show: true } },
          visualMap: { type: "piecewise", orient: "horizontal", left: "center", bottom: 0, dimension: 3,
            pieces: [{ value: 0, label: t("shortfall"), color: "#e8a39c" }, { value: 1, label: t("met"), color: "#7cc48f" }] },
          series: [{ type: "heatmap", data: cells, label: { show: days.length <= 31 } }]
        }));
    },

    async profit(main) {
      const q = query();
      const to = q.get("to") || today();
      const from = q.get("from") || to.slice(0, 4) + "-01-01";
      const p = await api("/api/profit/channels?from=" + from + "&to=" + to);
      reflect(p);
      const channelName = c => c ? t(c) : t("total");
      const together = otherChannelsTogether(p.channels);
      // the chart compares each plan with what it planned for: the other-channels campaign's plan
      // stands beside the channels it covers added up, not beside the OTHER line alone
      const bars = p.channels.filter(c => !COVERED_BY_OTHER.includes(c.channel)).concat(together ? [together] : []);
      const columns = [
        { key: "channel", cell: r => channelName(r.channel) }, { key: "contracts", num: true },
        { key: "unitsSigned", num: true, cell: r => C.count(r.unitsSigned) }, { key: "unitsInstalled", num: true, cell: r => C.count(r.unitsInstalled) },
        { key: "revenue", num: true, cell: r => C.money(r.revenue) }, { key: "collected", num: true, cell: r => C.money(r.collected) },
        { key: "outstanding", num: true, cell: r => C.money(r.outstanding) }, { key: "netProfit", num: true, cell: r => C.money(r.netProfit) },
        { key: "planUnits", num: true, cell: r => r.plan ? C.count(r.plan.units) : "" },
        { key: "planNetProfit", num: true, cell: r => r.plan ? C.money(r.plan.netProfit) : "" }];
      show(main,
        el("h2", {}, t("profit")),
        filters([{ name: "from", value: from, required: true }, { name: "to", value: to, required: true }], render),
        el("div", { class: "cards" }, card("netProfit", C.money(p.total.netProfit), { "data-total": "netProfit" }),
          card("revenue", C.money(p.total.revenue)), card("collected", C.money(p.total.collected)),
          card("outstanding", C.money(p.total.outstanding))),
        chart("profit-chart", {
          tooltip: {}, legend: { top: 0 }, grid: { left: 70, right: 16, top: 32, bottom: 70 },
          xAxis: { type: "category", data: bars.map(c => channelName(c.channel)), axisLabel: { interval: 0, rotate: 30 } },
          yAxis: { type: "value", axisLabel: { formatter: v => "¥" + v.toLocaleString() } },
          series: [
            { type: "bar", name: t("netProfit"), data: bars.map(c => Number(c.netProfit)) },
            { type: "bar", name: t("planNetProfit"), data: bars.map(c => c.plan ? Number(c.plan.netProfit) : null) }]
        }),
        table("profit-table", columns, p.channels.concat(together ? [together] : [], [p.total]),
          r => ({ "data-channel": r.channel || "TOTAL" })));
    },

    async campaigns(main) {
      const date = query().get("date") || today();
      const [list, follow] = await Promise.all([api("/api/campaigns?asOf=" + date), api("/api/follow-ups?date=" + date)]);
      reflect(list);
      reflect(follow);
      const channelName = c => t(c);
      show(main,
        el("h2", {}, t("campaigns")),
        filters([{ name: "date", value: date, required: true }], render),
        chart("campaigns-chart", {
          tooltip: {}, legend: { top: 0 }, grid: { left: 60, right: 16, top: 32, bottom: 70 },
          xAxis: { type: "category", data: list.campaigns.map(c => c.name), axisLabel: { interval: 0, rotate: 20 } },
          yAxis: { type: "value" },
          series: [
            { type: "bar", name: t("unitsSigned"), data: list.campaigns.map(c => c.unitsSigned) },
            { type: "bar", name: t("planToDate"), data: list.campaigns.map(c => c.planToDate.units) },
            { type: "bar", name: t("planUnits"), data: list.campaigns.map(c => c.plan.units) }]
        }),
        table("campaigns-table", [
          { key: "name", label: "campaign" }, { key: "channel", cell: c => channelName(c.channel) },
          { key: "status", cell: c => t(c.status) }, { key: "lastDay" }, { key: "dailyTarget", num: true },
          { key: "planUnits", num: true, cell: c => C.count(c.plan.units) },
          { key: "planToDate", num: true, cell: c => C.count(c.planToDate.units) },
          { key: "unitsSigned", num: true, cell: c => C.count(c.unitsSigned) },
          { key: "unitsInstalled", num: true, cell: c => C.count(c.unitsInstalled) },
          { key: "netProfit", num: true, cell: c => C.money(c.netProfit) },
          { key: "planNetProfit", num: true, cell: c => C.money(c.plan.netProfit) },
          { key: "outstanding", num: true, cell: c => C.money(c.outstanding) },
          { key: "forecast", num: true, cell: c => C.count(c.forecast.units) }],
        list.campaigns, c => ({ "data-campaign": c.campaignId })),
        el("h2", {}, t("followUps")),
        el("h3", {}, t("overdueBalances")),
        table("overdue-balances", [
          { key: "contractId" }, { key: "salespersonId", label: "salesperson" },
          { key: "channel", cell: r => channelName(r.channel) }, { key: "campaignId", label: "campaign" },
          { key: "outstanding", num: true, cell: r => C.money(r.outstanding) }, { key: "overdueSince" },
          { key: "days", num: true }],
        follow.overdueBalances, r => ({ "data-contract": r.contractId })),
        el("h3", {}, t("idleDeposits")),
        table("idle-deposits", [
          { key: "contractId" }, { key: "salespersonId", label: "salesperson" },
          { key: "channel", cell: r => channelName(r.channel) }, { key: "campaignId", label: "campaign" },
          { key: "depositCollected", num: true, cell: r => C.money(r.depositCollected) }, { key: "idleSince" },
          { key: "days", num: true }],
        follow.idleDeposits, r => ({ "data-contract": r.contractId })),
        el("h3", {}, t("campaignsEndingBehind")),
        table("campaigns-behind", [
          { key: "name", label: "campaign" }, { key: "lastDay" }, { key: "daysLeft", num: true },
          { key: "planToDate", num: true, cell: r => C.count(r.plannedToDate) },
          { key: "unitsSigned", num: true }, { key: "behindBy", num: true }],
        follow.campaignsEndingBehind, r => ({ "data-campaign": r.campaignId })));
    },

    async reconciliation(main) {
      const q = query();
      const asOf = q.get("asOf") || today();
      const page = Number(q.get("page") || 0);
      const r = await api("/api/finance/reconciliation?size=20&asOf=" + asOf + "&page=" + page);
      reflect(r);
      const money = key => ({ key, num: true, cell: line => C.money(line[key]) });
      const pager = el("div", { class: "pager" },
        el("button", { type: "button", id: "previous-page", disabled: page <= 0, onclick: () => turn(page - 1) }, t("previous")),
        el("span", { id: "page-number" }, t("page", { n: r.page.number + 1, of: Math.max(1, r.page.totalPages) })),
        el("button", { type: "button", id: "next-page", disabled: page + 1 >= r.page.totalPages, onclick: () => turn(page + 1) }, t("next")));
      show(main,
        el("h2", {}, t("reconciliation")),
        filters([{ name: "asOf", label: "asOfDate", value: asOf, required: true }], render),
        el("div", { class: "cards", id: "totals" },
          // settled and in transit where the answer has them (docs/finance.md)
          ["contracts", "contractValue", "depositCollected", "balanceCollected", "refunded", "collected", "outstanding",
            "settled", "inTransit"]
            .filter(k => k in r.totals || k === "collected")
            .map(k => card(k, k === "contracts" ? C.count(r.totals.contracts)
              : C.money(k === "collected" ? sum(r.totals.depositCollected, r.totals.balanceCollected, "-" + r.totals.refunded) : r.totals[k]),
            { "data-total": k }))),
        el("p", {}, el("button", { type: "button", id: "download-csv", onclick: () => downloadCsv(asOf) }, t("downloadCsv"))),
        table("lines", [
          { key: "contractId" }, { key: "channel", cell: l => t(l.channel) }, { key: "salespersonId", label: "salesperson" },
          { key: "status", cell: l => t(l.status) }, money("contractValue"), money("depositRequired"), money("depositCollected"),
          money("balanceDue"), money("balanceCollected"), money("refunded"), money("outstanding")]
          .concat(["settled", "inTransit"].filter(k => r.contracts.length && k in r.contracts[0]).map(money),
            [{ key: "flags", cell: l => flags(l.flags) }]),
        r.contracts, l => ({ "data-contract": l.contractId })),
        pager);
    },

    async audit(main) {
      const q = query();
      const contractId = q.get("contractId") || "";
      const salespersonId = q.get("salespersonId") || "";
      const businessName = q.get("businessName") || "";
      const chain = await api("/api/audit/chain");
      const parts = [el("h2", {}, t("audit")), chainState(chain),
        filters([{ name: "contractId", type: "text", value: contractId },
          { name: "businessName", type: "text", value: businessName },
          { name: "salespersonId", label: "salesperson", type: "text", value: salespersonId }], render)];
      const toHistory = id => el("a", { href: "/audit?contractId=" + encodeURIComponent(id), onclick: go }, id);
      if (businessName && !contractId) {
        const found = await api("/api/audit/contracts?size=100&businessName=" + encodeURIComponent(businessName));
        reflect(found);
        parts.push(el("h3", {}, t("businessesNamed", { name: businessName })), table("found-businesses", [
          { key: "businessName" }, { key: "salespersonId", label: "salesperson" }, { key: "channel", cell: p => t(p.channel) },
          { key: "contracts", cell: p => p.contractIds.flatMap((id, i) => i ? [" ", toHistory(id)] : [toHistory(id)]) }],
        found.prospects, p => ({ "data-prospect": p.prospectId })));
      }
      if (salespersonId && !contractId) {
        const found = await api("/api/finance/reconciliation?size=100&salespersonId=" + encodeURIComponent(salespersonId));
        reflect(found);
        parts.push(el("h3", {}, t("contractsOf", { who: salespersonId })), table("found-contracts", [
          { key: "contractId", cell: l => toHistory(l.contractId) },
          { key: "channel", cell: l => t(l.channel) }, { key: "status", cell: l => t(l.status) },
          { key: "contractValue", num: true, cell: l => C.money(l.contractValue) }],
        found.contracts, l => ({ "data-contract": l.contractId })));
      }
      if (contractId) {
        const h = await api("/api/audit/contracts/" + encodeURIComponent(contractId) + "/history");
        reflect(h);
        const result = el("p", { id: "verify-result", "aria-live": "polite" });
        parts.push(
          el("h3", {}, t("timeline") + " · " + contractId),
          el("p", {}, el("button", { type: "button", id: "verify", onclick: async () => {
            const proof = await api("/api/audit/contracts/" + encodeURIComponent(contractId) + "/verify");
            result.className = proof.ok ? "met" : "short";
            result.textContent = proof.ok ? t("verified") : t("broken") + ": " + proof.firstBreak.reason;
          } }, t("verify"))), result,
          table("history", [
            { key: "sequence", num: true }, { key: "type" },
            { key: "occurredAt", cell: e => C.instant(e.occurredAt, state.me.zone) },
            { key: "recordedAt", cell: e => C.instant(e.recordedAt, state.me.zone) },
            { key: "who", cell: e => e.metadata.userId + " (" + t(e.metadata.role) + ")" },
            { key: "reason", cell: e => e.metadata.reason || e.payload.reason || "" },
            // the payload as recorded, verbatim: the proof is the stored bytes, not their translation
            { key: "payload", cell: e => el("span", { "data-raw": "" }, summary(e.payload)) },
            { key: "hash", cell: e => e.chainHash ? el("code", { title: e.chainHash }, e.chainHash.slice(0, 12)) : t("notSealed") }],
          h.events, e => ({ "data-sequence": e.sequence })));
      }
      show(main, ...parts);
    },

    async settlement(main) {
      const asOf = query().get("asOf") || today();
      const from = addDays(asOf, -30);
      const [s, recent] = await Promise.all([api("/api/finance/settlement?asOf=" + asOf),
        api("/api/finance/statements/lines?size=200&from=" + from + "&to=" + asOf)]);
      reflect(s);
      reflect(recent);
      const acts = mayCommand();
      const reason = el("input", { id: "command-reason", name: "reason", maxlength: "500", "aria-label": t("reason") });
      const outcome = el("div", { id: "command-result", "aria-live": "polite" });
      const paymentKey = p => p.contractId + "/" + p.kind + (p.paymentId ? "/" + p.paymentId : "");
      const pick = (kind, id) => el("input", { type: "checkbox", class: "pick", "data-pick": kind, value: id, "aria-label": id });
      const matched = new Map();
      recent.lines.filter(l => l.matchId).forEach(l => matched.set(l.matchId, (matched.get(l.matchId) || []).concat([l])));
      show(main,
        el("h2", {}, t("settlement")),
        filters([{ name: "asOf", label: "asOfDate", value: asOf, required: true }], render),
        el("div", { class: "cards", id: "totals" },
          ["collected", "settled", "inTransit"].map(k => card(k, C.money(s.totals[k]), { "data-total": k })),
          card("unmatchedPayments", C.count(s.totals.unmatchedPayments), { "data-total": "unmatchedPayments" }),
          card("unmatchedLines", C.count(s.totals.unmatchedLines), { "data-total": "unmatchedLines" })),
        acts ? commandBox(reason, outcome, importForm(outcome)) : null,
        el("h3", {}, t("proposals")),
        table("proposals", [
          { key: "proposalId", raw: true }, { key: "source", cell: r => t(r.source) },
          { key: "payments", cell: r => items(r.payments) },
          { key: "lines", label: "statementLines", cell: r => r.lines.map(i => i.id + " " + C.money(i.amount)).join("; ") },
          { key: "reason" }]
          .concat(acts ? [{ key: "action", cell: r => el("button", { type: "button", id: "confirm-" + r.proposalId,
            onclick: () => send(outcome, "/api/finance/matches", {
              source: r.source, payments: r.payments.map(i => paymentRef(i.id)), lines: r.lines.map(i => i.id),
              reason: reason.value }) }, t("confirm")) }] : []),
        s.proposals, r => ({ "data-proposal": r.proposalId })),
        el("h3", {}, t("unmatchedPayments")),
        table("unmatched-payments", (acts ? [{ key: "pick", cell: p => pick("payment", paymentKey(p)) }] : []).concat([
          { key: "contractId" }, { key: "kind", cell: p => t(p.kind) }, { key: "paymentId", cell: p => p.paymentId || "" },
          { key: "method", cell: p => p.method ? t("METHOD_" + p.method) : "" }, { key: "source", cell: p => p.source ? t(p.source) : t("noStatement") },
          { key: "amount", num: true, cell: p => C.money(p.amount) }, { key: "day" }, { key: "receiptNo", cell: p => p.receiptNo || "" },
          { key: "days", num: true }, { key: "flags", cell: p => flags(p.flags) }]),
        s.unmatchedPayments, p => ({ "data-payment": paymentKey(p) })),
        el("h3", {}, t("unmatchedLines")),
        table("unmatched-lines", (acts ? [{ key: "pick", cell: l => pick("line", l.source + "|" + l.lineId) }] : []).concat([
          { key: "source", cell: l => t(l.source) }, { key: "lineId" }, { key: "day" },
          { key: "amount", num: true, cell: l => C.money(l.amount) }, { key: "reference" }, { key: "days", num: true },
          { key: "flags", cell: l => flags(l.flags) }]),
        s.unmatchedLines, l => ({ "data-line": l.lineId })),
        acts ? el("p", {}, el("button", { type: "button", id: "manual-match", onclick: () => manualMatch(reason, outcome) },
          t("matchSelected"))) : null,
        el("h3", {}, t("amountsDiffer")),
        table("amounts-differ", [
          { key: "matchId", raw: true }, { key: "source", cell: m => t(m.source) }, { key: "how", cell: m => t(m.how) },
          { key: "payments", cell: m => items(m.payments) },
          { key: "lines", label: "statementLines", cell: m => m.lines.map(i => i.id + " " + C.money(i.amount)).join("; ") },
          { key: "reason" }, { key: "flags", cell: m => flags(m.flags) }],
        s.amountsDiffer, m => ({ "data-match": m.matchId })),
        el("h3", {}, t("recentMatches", { from, to: asOf })),
        table("matches", [
          { key: "matchId", raw: true }, { key: "source", cell: m => t(m[0].source) },
          { key: "lines", label: "statementLines", cell: m => m.map(l => l.lineId + " " + l.day + " " + C.money(l.amount)).join("; ") }]
          .concat(acts ? [{ key: "action", cell: m => el("button", { type: "button", id: "undo-" + m[0].matchId,
            onclick: () => send(outcome, "/api/finance/matches/" + encodeURIComponent(m[0].matchId) + "/undo",
              { reason: reason.value }) }, t("undo")) }] : []),
        [...matched.values()].map(m => Object.assign(m, { matchId: m[0].matchId })), m => ({ "data-match": m[0].matchId })));
    },

    async month(main) {
      const month = query().get("month") || addDays(today().slice(0, 8) + "01", -1).slice(0, 7);
      const m = await api("/api/finance/periods/" + encodeURIComponent(month));
      reflect(m);
      const acts = mayCommand();
      const reason = el("input", { id: "command-reason", name: "reason", maxlength: "500", "aria-label": t("reason") });
      const outcome = el("div", { id: "command-result", "aria-live": "polite" });
      const statement = m.statement;
      const totalsRows = (byKey, name) => Object.entries(byKey).map(([key, v]) => Object.assign({ [name]: key }, v));
      const settledBy = statement ? statement.settlement : null;
      show(main,
        el("h2", {}, t("month") + " · " + month),
        filters([{ name: "month", label: "monthOf", type: "month", value: month, required: true }], render),
        el("p", { id: "month-status", "data-status": m.status }, t("status") + ": " + t("MONTH_" + m.status)),
        acts ? commandBox(reason, outcome, el("p", {},
          el("button", { type: "button", id: "close-month", onclick: () => send(outcome,
            "/api/finance/periods/" + month + "/close", { reason: reason.value }) }, t("closeMonth")), " ",
          el("button", { type: "button", id: "reopen-month", onclick: () => send(outcome,
            "/api/finance/periods/" + month + "/reopen", { reason: reason.value }) }, t("reopenMonth")))) : null,
        el("h3", {}, t("statementAsClosed")),
        statement ? el("p", { id: "closed-at" }, t("closedAt") + " " + C.instant(statement.closedAt, state.me.zone)
          + " · " + t("asOfDate") + " " + statement.date + " · " + t("asOf") + " " + statement.position)
          : el("p", { id: "closed-at" }, t("neverClosed")),
        statement ? el("div", { class: "cards", id: "statement-totals" },
          ["contractValue", "depositCollected", "balanceCollected", "refunded", "outstanding"]
            .map(k => card(k, C.money(statement.totals[k]), { "data-total": k })),
          ["collected", "settled", "inTransit"].map(k => card(k, C.money(settledBy.totals[k]), { "data-total": k }))) : null,
        statement ? table("statement-by-channel", [{ key: "channel", cell: r => t(r.channel) }].concat(
          ["collected", "settled", "inTransit"].map(k => ({ key: k, num: true, cell: r => C.money(r[k]) }))),
        totalsRows(settledBy.byChannel, "channel"), r => ({ "data-channel": r.channel })) : null,
        statement ? table("statement-by-salesperson", [{ key: "salespersonId", label: "salesperson" }].concat(
          ["collected", "settled", "inTransit"].map(k => ({ key: k, num: true, cell: r => C.money(r[k]) }))),
        totalsRows(settledBy.bySalesperson, "salespersonId"), r => ({ "data-salesperson": r.salespersonId })) : null,
        el("h3", {}, t("adjustments")),
        table("adjustments", [
          { key: "contractId" }, { key: "channel", cell: a => t(a.channel) }, { key: "salespersonId", label: "salesperson" },
          { key: "what", cell: a => t("FACT_" + a.what) }, { key: "ref", cell: a => a.ref || "" },
          { key: "amount", num: true, cell: a => C.money(a.amount) }, { key: "fieldDay" }, { key: "recordedOn" },
          { key: "collected", num: true, cell: a => C.money(sum(a.difference.depositCollected,
            a.difference.balanceCollected, "-" + a.difference.refunded)) }],
        m.adjustments, a => ({ "data-contract": a.contractId })),
        el("h3", {}, t("closeHistory")),
        table("period-history", [
          { key: "action", cell: h => t("ACTION_" + h.action) }, { key: "recordedAt", cell: h => C.instant(h.recordedAt, state.me.zone) },
          { key: "who", cell: h => h.by + " (" + t(h.role) + ")" }, { key: "reason" },
          { key: "statementPosition", num: true, cell: h => h.statementPosition === null ? "" : h.statementPosition }],
        m.history, h => ({ "data-version": h.version })));
    }
  };

  // ---------- finance's commands, sent to the command side ----------
  //
  // The page is the query side's; commands go to the command side (its address is /api/me's
  // commandUrl, canvass.command-url), which answers this page's origin (CORS,
  // canvass.security.page-origins) with HTTP Basic only: the query side's session cookie never goes
  // there. So finance confirms their password once per page load; it stays in this closure, never
  // in storage, and is forgotten when the command side refuses it.

  let credentials = null;

  function mayCommand() {
    return state.me.role === "FINANCE" && !!state.me.commandUrl;
  }

  /** The reason every command records, the password box until one is given, the view's own controls, the outcome. */
  function commandBox(reason, outcome, controls) {
    const password = el("input", { id: "command-password", type: "password", autocomplete: "current-password",
      oninput: () => {
        credentials = password.value ? btoa(unescape(encodeURIComponent(state.me.userId + ":" + password.value))) : null;
      } });
    showOutcome(outcome);
    return el("section", { class: "card commands", id: "commands" },
      el("label", {}, t("reason"), reason),
      credentials ? null : el("label", { id: "password-box" }, t("passwordForCommands"), password),
      controls, outcome);
  }

  /** Import a statement file as exported: its source and layout, the file's bytes as they are. */
  function importForm(outcome) {
    const source = el("select", { id: "import-source", name: "source" },
      ["BANK", "WECHAT_PAY", "ALIPAY", "CASH_SLIP"].map(v => el("option", { value: v }, t(v))));
    const layout = el("select", { id: "import-layout", name: "layout" },
      ["plain", "cn-bank", "wechat-merchant", "alipay-merchant"].map(v => el("option", { value: v }, t("layout-" + v))));
    const file = el("input", { id: "import-file", type: "file", accept: ".csv,text/csv,text/plain" });
    return el("div", { class: "filters" },
      el("label", {}, t("source"), source), el("label", {}, t("layout"), layout), el("label", {}, t("statementFile"), file),
      el("button", { type: "button", id: "import", onclick: () => {
        if (!file.files.length) return report(outcome, false, t("chooseFile"));
        send(outcome, "/api/finance/statements?source=" + source.value + "&layout=" + layout.value, file.files[0], "text/csv");
      } }, t("importStatement")));
  }

  /** "c-1/DEPOSIT/p-1" (the settlement view's payment id) as the match command's payment. */
  function paymentRef(id) {
    const [contractId, kind, paymentId] = id.split("/");
    return paymentId ? { contractId, kind, paymentId } : { contractId, kind };
  }

  function manualMatch(reason, outcome) {
    const picked = kind => [...document.querySelectorAll("input[data-pick='" + kind + "']:checked")].map(i => i.value);
    const lines = picked("line").map(v => v.split("|"));
    const sources = [...new Set(lines.map(l => l[0]))];
    if (sources.length !== 1) return report(outcome, false, t("pickLinesOfOneSource"));
    send(outcome, "/api/finance/matches", { source: sources[0], payments: picked("payment").map(paymentRef),
      lines: lines.map(l => l[1]), reason: reason.value });
  }

  /**
   * What the last command answered, kept in the page's state: the view is drawn again after the
   * command (and again as the read models move), and each drawing shows it in its outcome box.
   */
  function report(outcome, ok, text, details) {
    state.outcome = { ok, text, details: details || [] };
    showOutcome(outcome);
  }

  function showOutcome(outcome) {
    const said = state.outcome;
    if (!said) return;
    outcome.className = said.ok ? "met" : "error";
    outcome.setAttribute("role", said.ok ? "status" : "alert");
    outcome.replaceChildren(said.text, ...(said.details.length ? [el("ul", {}, said.details.map(d => el("li", {}, d)))] : []));
  }

  /** Sends one command; then the view reads again after that write (afterWrite, docs/freshness.md). */
  async function send(outcome, path, body, contentType) {
    if (!credentials) return report(outcome, false, t("passwordNeeded"));
    let response;
    try {
      response = await fetch(state.me.commandUrl + path, { method: "POST", credentials: "omit", headers: {
        Authorization: "Basic " + credentials, Accept: "application/json",
        "Content-Type": contentType || "application/json" }, body: contentType ? body : JSON.stringify(body) });
    } catch (e) {
      return report(outcome, false, t("commandSideUnreachable") + ": " + e.message);
    }
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      if (response.status === 401) credentials = null;
      const details = (answer.refused || []).map(r => t("lineN", { n: r.line }) + ": " + r.reason)
        .concat((answer.errors || []).map(e => e.field + ": " + e.message));
      return report(outcome, false, response.status + " " + (answer.title || response.statusText) + " "
        + (answer.detail || ""), details);
    }
    state.afterWrite = answer.position;
    report(outcome, true, "recorded" in answer
      ? t("imported", { recorded: answer.recorded, known: answer.alreadyKnown, matched: answer.matched ?? 0, proposed: answer.proposed ?? 0 })
      : t("done", { id: answer.id }));
    await render();
  }

  /** Payments as the settlement view names them (contract/KIND/payment), in words: "c-1 定金 p-1 ¥300.00". */
  function items(list) {
    return list.map(i => {
      const ref = paymentRef(i.id);
      return [ref.contractId, t(ref.kind), ref.paymentId, C.money(i.amount)].filter(Boolean).join(" ");
    }).join("; ");
  }

  function flags(list) {
    return (list || []).map(f => el("span", { class: "flag", "data-flag": f }, t(f)));
  }

  /** Where the chain stands: when this instance last verified it and how, the latest signed digest, what is not sealed yet. */
  function chainState(c) {
    const v = c.lastVerification;
    const verdict = !v ? t("notVerifiedYet")
      : v.ok ? t("chainIntact", { n: C.count(v.eventsChecked), position: v.headPosition })
        : t("chainBroken", { position: v.firstBreak.position, reason: v.firstBreak.reason });
    return el("div", { class: "cards", id: "chain" },
      card("lastVerified", v ? C.instant(v.finishedAt, state.me.zone) : t("notYet"), { "data-chain": "verifiedAt" }),
      card("chainVerdict", verdict, { "data-chain": "verdict", class: "card " + (v && !v.ok ? "short" : "") }),
      card("latestDigest", c.latestDigest ? t("digestAt", { position: c.latestDigest.position }) + " · "
        + C.instant(c.latestDigest.signedAt, state.me.zone) : t("noDigestYet"),
        { "data-chain": "digest", title: c.latestDigest ? c.latestDigest.headHash : null }),
      card("unsealedEvents", C.count(c.unsealedEvents), { "data-chain": "unsealed" }));
  }

  /** The channels the other-channels campaign (OTHER) covers: every one after the photo studios (docs/domain.md, "Branches and channels"). */
  const COVERED_BY_OTHER = ["DECORATION", "GOVERNMENT", "HOTEL", "RESTAURANT", "PUBLIC_DISPLAY", "BEAUTY_SALON",
    "COSMETICS_COUNTER", "OTHER"];

  /** The channels OTHER covers added up, with their plans (OTHER's, and any of their own): null when none is listed. */
  function otherChannelsTogether(channels) {
    const covered = channels.filter(c => COVERED_BY_OTHER.includes(c.channel));
    if (covered.length === 0) return null;
    const counted = key => covered.reduce((n, c) => n + Number(c[key]), 0);
    const added = key => sum(...covered.map(c => c[key]));
    const plans = covered.filter(c => c.plan);
    return { channel: "OTHER_TOGETHER", contracts: counted("contracts"), unitsSigned: counted("unitsSigned"),
      unitsInstalled: counted("unitsInstalled"), revenue: added("revenue"), collected: added("collected"),
      outstanding: added("outstanding"), netProfit: added("netProfit"),
      plan: plans.length ? { units: plans.reduce((n, c) => n + c.plan.units, 0), netProfit: sum(...plans.map(c => c.plan.netProfit)) } : null };
  }

  /** A list of prospects (a salesperson's own by default; the API allows them no other). */
  async function prospects(query, title) {
    const p = await api("/api/coverage/prospects" + query);
    reflect(p);
    return el("section", {}, el("h2", {}, t(title)), table("prospect-list", [
      { key: "businessName" }, { key: "address" }, { key: "channel", cell: r => t(r.channel) },
      { key: "street", cell: r => r.streetId }, { key: "salespersonId", label: "salesperson" },
      { key: "recordedOn" }, { key: "contracts", num: true }, { key: "unitsSigned", num: true }],
    p.prospects, r => ({ "data-prospect": r.prospectId })));
  }

  function summary(payload) {
    return Object.entries(payload).filter(([k]) => !["contractId", "occurredAt"].includes(k))
      .map(([k, v]) => k + "=" + (typeof v === "object" ? JSON.stringify(v) : v)).join(", ");
  }

  /** Exact sums of money texts, in cents. */
  function sum(...texts) {
    let cents = 0n;
    for (const text of texts) {
      const negative = text.startsWith("-");
      const [whole, frac = "00"] = text.replace("-", "").split(".");
      const value = BigInt(whole) * 100n + BigInt((frac + "00").slice(0, 2));
      cents += negative ? -value : value;
    }
    const sign = cents < 0n ? "-" : "";
    const abs = cents < 0n ? -cents : cents;
    return sign + (abs / 100n).toString() + "." + (abs % 100n).toString().padStart(2, "0");
  }

  function turn(page) {
    const next = query();
    next.set("page", String(page));
    history.pushState(null, "", location.pathname + "?" + next.toString());
    render();
  }

  async function downloadCsv(asOf) {
    const csv = await api("/api/finance/reconciliation/csv?asOf=" + asOf, "text/csv");
    const link = el("a", { href: URL.createObjectURL(new Blob([csv], { type: "text/csv" })),
      download: "reconciliation-" + asOf + ".csv", id: "csv-link" });
    document.body.append(link);
    link.click();
    link.remove();
  }

  // ---------- navigation, rendering, live updates ----------

  function view() {
    return location.pathname.replace(/^\//, "");
  }

  function go(event) {
    const link = event.currentTarget;
    if (link.origin !== location.origin || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    state.outcome = null;
    history.pushState(null, "", link.pathname + link.search);
    render();
  }

  function nav() {
    const current = view();
    document.getElementById("nav").replaceChildren(...state.me.views.map(v =>
      el("a", { href: "/" + v, id: "nav-" + v, "aria-current": v === current ? "page" : null, onclick: go }, t(v))));
    document.getElementById("who").textContent = state.me.userId + " · " + t(state.me.role);
  }

  async function render() {
    if (state.refreshing) {
      state.again = true;
      return;
    }
    state.refreshing = true;
    state.editing = false;
    const main = document.getElementById("main");
    try {
      state.charts.forEach(c => c.dispose());
      state.charts = [];
      nav();
      C.apply();
      const name = view();
      if (!state.me.views.includes(name) || !VIEWS[name]) {
        main.replaceChildren(el("p", { id: "forbidden" }, state.me.views.length ? t("notAllowed") : t("noViews")));
      } else {
        await VIEWS[name](main);
        main.dataset.view = name;
        main.dataset.position = String(state.shown);
      }
    } catch (e) {
      if (!(e instanceof Unauthorized)) main.replaceChildren(el("p", { class: "error", role: "alert" }, t("failed") + ": " + e.message));
    } finally {
      state.refreshing = false;
      if (state.again) {
        state.again = false;
        render();
      }
    }
  }

  function live() {
    const source = new EventSource("/api/progress");
    source.addEventListener("progress", message => {
      const progress = JSON.parse(message.data);
      if (progress.position > state.shown) {
        state.reached = progress.position;
        // finance halfway through a command (a reason typed, a file chosen, lines ticked) keeps the
        // form: the figures are read again after the command, or on the next tick after it
        if (!state.editing) render();
      }
    });
  }

  async function start() {
    state.me = await api("/api/me");
    if (!localStorage.getItem("canvass.lang")) window.CANVASS_DEFAULT_LANG = state.me.locale;
    document.getElementById("lang").addEventListener("click", () => { C.switchLang(); render(); });
    window.addEventListener("popstate", render);
    const editing = event => { if (event.target.closest("#commands, .pick")) state.editing = true; };
    document.getElementById("main").addEventListener("input", editing);
    document.getElementById("main").addEventListener("change", editing);
    window.addEventListener("resize", () => state.charts.forEach(c => c.resize()));
    if (view() === "" && state.me.views.length) {
      history.replaceState(null, "", "/" + state.me.views[0]);
    }
    await render();
    live();
  }

  start().catch(e => { if (!(e instanceof Unauthorized)) document.getElementById("main").textContent = String(e); });
})();
