// Canvass web page: words in Chinese (the branch's default) and English, and how figures are written.
(function () {
  const WORDS = {
    zh: {
      title: "Canvass 渠道看板", skip: "跳到内容", loading: "加载中…", signIn: "登录", signOut: "退出",
      username: "用户名", password: "密码", badLogin: "用户名或密码不对。", throttled: "失败次数太多，请稍后再试。",
      signedOut: "已退出。", other: "English",
      coverage: "区域覆盖", quota: "每日指标", profit: "渠道利润", reconciliation: "对账", audit: "合同审计",
      asOf: "数据截至位置", stale: "数据滞后", fresh: "最新", updated: "更新于",
      district: "区域", streets: "街道", streetsPlanned: "计划街道", streetsCanvassed: "已拜访街道", coverageRate: "覆盖率",
      prospects: "客户", contracts: "合同", unitsSigned: "签约台数", unitsInstalled: "安装台数", conversion: "转化率",
      street: "街道", untouched: "未拜访", back: "返回",
      date: "日期", from: "开始", to: "结束", show: "查看", salesperson: "销售员", target: "指标", met: "达标", shortfall: "差额",
      yes: "是", no: "否", heatmap: "销售员 × 日期（签约台数）", teamTotals: "团队合计", daysMet: "达标天数",
      channel: "渠道", revenue: "营业额", collected: "已收", outstanding: "未收", netProfit: "净利润",
      planUnits: "计划台数", planNetProfit: "计划净利润", total: "合计", actualVsPlan: "实际与计划",
      HAIR_SALON: "美发店", PHOTO_STUDIO: "影楼", DECORATION: "装修公司", GOVERNMENT: "政府工程", HOTEL: "酒店",
      RESTAURANT: "饭店", PUBLIC_DISPLAY: "公共展示", BEAUTY_SALON: "美容院", COSMETICS_COUNTER: "化妆品专柜",
      OTHER: "其他渠道",
      asOfDate: "截至日期", lines: "合同行", contractValue: "合同额", depositRequired: "应收定金", depositCollected: "已收定金",
      balanceDue: "应收尾款", balanceCollected: "已收尾款", refunded: "已退款", status: "状态", flags: "提示",
      downloadCsv: "下载 CSV", page: "第 {n} 页，共 {of} 页", previous: "上一页", next: "下一页",
      contractId: "合同号", history: "历史", verify: "校验", verified: "校验通过：事件未被改动，已由签名摘要覆盖",
      broken: "校验失败", sequence: "序号", type: "事件", occurredAt: "发生时间", recordedAt: "记录时间", who: "操作人",
      reason: "原因", payload: "内容", hash: "哈希", none: "没有数据", notAllowed: "您的角色无权查看此页面。",
      noViews: "您的角色没有可查看的看板。", failed: "读取失败", parked: "{n} 个合同有未能处理的事件",
      myProspects: "我的客户", businessName: "商户", address: "地址", recordedOn: "登记日期",
      campaigns: "推广活动", campaign: "活动", lastDay: "最后一天", planToDate: "至今计划", forecast: "按当前进度预计",
      followUps: "今日跟进", overdueBalances: "逾期尾款", idleDeposits: "闲置定金", campaignsEndingBehind: "即将结束且落后的活动",
      overdueSince: "逾期自", idleSince: "闲置自", days: "天数", daysLeft: "剩余天数", behindBy: "落后台数",
      dailyTarget: "每日指标", PLANNED: "未开始", RUNNING: "进行中", ENDED: "已结束"
    },
    en: {
      title: "Canvass dashboards", skip: "Skip to content", loading: "Loading…", signIn: "Sign in", signOut: "Sign out",
      username: "User name", password: "Password", badLogin: "Wrong user name or password.",
      throttled: "Too many failed attempts; try again in a minute.", signedOut: "Signed out.", other: "中文",
      coverage: "Coverage", quota: "Daily quota", profit: "Channel profit", reconciliation: "Reconciliation", audit: "Contract audit",
      asOf: "as of position", stale: "behind", fresh: "up to date", updated: "updated",
      district: "District", streets: "Streets", streetsPlanned: "Streets planned", streetsCanvassed: "Streets canvassed",
      coverageRate: "Coverage", prospects: "Prospects", contracts: "Contracts", unitsSigned: "Units signed",
      unitsInstalled: "Units installed", conversion: "Conversion", street: "Street", untouched: "untouched", back: "Back",
      date: "Date", from: "From", to: "To", show: "Show", salesperson: "Salesperson", target: "Target", met: "Met",
      shortfall: "Shortfall", yes: "yes", no: "no", heatmap: "Salesperson × day (units signed)", teamTotals: "Team totals",
      daysMet: "Days met", channel: "Channel", revenue: "Revenue", collected: "Collected", outstanding: "Outstanding",
      netProfit: "Net profit", planUnits: "Plan units", planNetProfit: "Plan net profit", total: "Total",
      actualVsPlan: "Actual and plan", HAIR_SALON: "Hair salons", PHOTO_STUDIO: "Photo studios",
      DECORATION: "Decoration firms", GOVERNMENT: "Government works", HOTEL: "Hotels", RESTAURANT: "Restaurants",
      PUBLIC_DISPLAY: "Public displays", BEAUTY_SALON: "Beauty salons", COSMETICS_COUNTER: "Cosmetics counters",
      OTHER: "Other channels",
      asOfDate: "As of", lines: "Contract lines", contractValue: "Contract value", depositRequired: "Deposit required",
      depositCollected: "Deposit collected", balanceDue: "Balance due", balanceCollected: "Balance collected",
      refunded: "Refunded", status: "Status", flags: "Flags", downloadCsv: "Download CSV", page: "Page {n} of {of}",
      previous: "Previous", next: "Next", contractId: "Contract", history: "History", verify: "Verify",
      verified: "Verified: no event changed, covered by a signed digest", broken: "Verification failed", sequence: "#",
      type: "Event", occurredAt: "Occurred", recordedAt: "Recorded", who: "By", reason: "Reason", payload: "Payload",
      hash: "Hash", none: "Nothing yet", notAllowed: "Your role may not open this page.",
      noViews: "Your role has no dashboard to open.", failed: "Could not read",
      parked: "{n} parked: their figures stop before an event that could not be applied",
      myProspects: "My prospects", businessName: "Business", address: "Address", recordedOn: "Recorded on",
      campaigns: "Campaigns", campaign: "Campaign", lastDay: "Last day", planToDate: "Plan to date",
      forecast: "Forecast at this pace", followUps: "Follow-ups for the day", overdueBalances: "Overdue balances",
      idleDeposits: "Idle deposits", campaignsEndingBehind: "Campaigns ending behind their pace",
      overdueSince: "Overdue since", idleSince: "Idle since", days: "Days", daysLeft: "Days left", behindBy: "Behind by",
      dailyTarget: "Daily target", PLANNED: "planned", RUNNING: "running", ENDED: "ended"
    }
  };

  function lang() {
    const chosen = localStorage.getItem("canvass.lang");
    if (chosen === "zh" || chosen === "en") return chosen;
    return (window.CANVASS_DEFAULT_LANG || "zh-CN").toLowerCase().startsWith("en") ? "en" : "zh";
  }

  function t(key, values) {
    let text = (WORDS[lang()][key] ?? WORDS.en[key] ?? key);
    for (const [name, value] of Object.entries(values || {})) text = text.replace("{" + name + "}", value);
    return text;
  }

  function apply(root) {
    document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";
    (root || document).querySelectorAll("[data-i18n]").forEach(el => { el.textContent = t(el.dataset.i18n); });
    const toggle = document.getElementById("lang");
    if (toggle) toggle.textContent = t("other");
  }

  function switchLang() {
    localStorage.setItem("canvass.lang", lang() === "zh" ? "en" : "zh");
  }

  /** "248400.00" -> "¥248,400.00", from the exact decimal text (never through a float). */
  function money(text) {
    if (text === null || text === undefined) return "";
    let s = String(text), sign = "";
    if (s.startsWith("-")) { sign = "-"; s = s.slice(1); }
    const [whole, cents = "00"] = s.split(".");
    return sign + "¥" + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + (cents + "00").slice(0, 2);
  }

  function count(n) {
    return n === null || n === undefined ? "" : Number(n).toLocaleString(lang() === "zh" ? "zh-CN" : "en");
  }

  function percent(fraction) {
    return fraction === null || fraction === undefined ? "" : (Number(fraction) * 100).toFixed(1) + "%";
  }

  /** An instant in the branch's time zone. */
  function instant(text, zone) {
    if (!text) return "";
    return new Intl.DateTimeFormat(lang() === "zh" ? "zh-CN" : "en-GB", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit"
    }).format(new Date(text));
  }

  window.Canvass = { t, lang, apply, switchLang, money, count, percent, instant };
})();
