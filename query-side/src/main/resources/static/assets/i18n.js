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
      dailyTarget: "每日指标", PLANNED: "未开始", RUNNING: "进行中", ENDED: "已结束",
      OTHER_TOGETHER: "其他渠道合计（含所覆盖渠道）",
      SIGNED: "已签约", DEPOSIT_PAID: "已付定金", INSTALLING: "安装中", INSTALLED: "已安装", COMPLETED: "已完成", CANCELLED: "已取消",
      BALANCE_OVERDUE: "尾款逾期", DEPOSIT_IDLE: "定金闲置", OVER_COLLECTED: "多收", MONEY_ON_CANCELLED: "已取消合同仍有款项",
      UNSETTLED: "未到账", UNKNOWN_RECEIPT: "不明来款", AMOUNT_DIFFERS: "金额不符",
      MANAGER: "经理", SALES: "销售", INSTALLER: "安装员", FINANCE: "财务", AUDITOR: "审计", ADMIN: "管理员", METRICS: "监控",
      SYSTEM: "系统",
      BANK: "银行", WECHAT_PAY: "微信支付", ALIPAY: "支付宝", CASH_SLIP: "现金缴款单",
      METHOD_CASH: "现金", METHOD_BANK_TRANSFER: "银行转账", METHOD_WECHAT_PAY: "微信支付", METHOD_ALIPAY: "支付宝",
      METHOD_CARD: "刷卡", METHOD_OTHER: "其他方式",
      DEPOSIT: "定金", BALANCE: "尾款", REFUND: "退款", AUTOMATIC: "自动", CONFIRMED: "已确认建议", MANUAL: "手工",
      MONTH_OPEN: "未结账", MONTH_CLOSED: "已结账", MONTH_REOPENED: "已重新打开",
      ACTION_CLOSED: "结账", ACTION_REOPENED: "重新打开",
      FACT_SIGNED: "签约", FACT_DEPOSIT: "定金", FACT_INSTALLATION: "安装", FACT_BALANCE: "尾款", FACT_CANCELLED: "取消",
      FACT_CORRECTION: "更正",
      settlement: "到账核对", month: "月结", settled: "已到账", inTransit: "在途", unmatchedPayments: "未到账的收款",
      unmatchedLines: "未对上的流水", proposals: "待确认的匹配建议", proposalId: "建议号", source: "来源", payments: "收款",
      statementLines: "流水", confirm: "确认", action: "操作", kind: "类型", paymentId: "收款号", method: "付款方式",
      noStatement: "无对账单", amount: "金额", day: "日期", receiptNo: "收据号", matchSelected: "将勾选的收款与流水匹配",
      amountsDiffer: "金额不符的匹配", matchId: "匹配号", how: "方式", recentMatches: "{from} 至 {to} 的已匹配流水",
      undo: "撤销", layout: "格式", statementFile: "对账单文件", chooseFile: "请先选择文件。", importStatement: "导入对账单",
      "layout-plain": "通用（lineId,date,amount,reference）", "layout-cn-bank": "国内银行导出", "layout-wechat-merchant": "微信支付商户账单",
      "layout-alipay-merchant": "支付宝商户账单", passwordForCommands: "确认密码（提交操作用，只保存在本页）",
      passwordNeeded: "请先输入密码。", commandSideUnreachable: "无法连接命令服务", lineN: "第 {n} 行",
      imported: "已导入：新记录 {recorded} 行，已存在 {known} 行；自动匹配 {matched} 笔，建议 {proposed} 笔。", done: "已完成（{id}）。",
      pickLinesOfOneSource: "请勾选同一来源的流水。", lineId: "流水号", reference: "摘要", closeMonth: "结账", reopenMonth: "重新打开",
      statementAsClosed: "结账时的报表", closedAt: "结账于", neverClosed: "本月尚未结账。", adjustments: "结账后的调整",
      ref: "编号", what: "事项", pick: "选择", monthOf: "月份", fieldDay: "业务日期", closeHistory: "结账与重新打开记录", statementPosition: "报表位置",
      contractsOf: "{who} 的合同", businessesNamed: "商户名以“{name}”开头", timeline: "时间线", notSealed: "尚未封存",
      lastVerified: "上次校验", notYet: "尚未校验", notVerifiedYet: "本实例启动后尚未完成校验", chainVerdict: "事件链",
      chainIntact: "完好：{n} 个事件，至位置 {position}", chainBroken: "在位置 {position} 断开：{reason}",
      latestDigest: "最新签名摘要", digestAt: "位置 {position}", noDigestYet: "尚无签名摘要", unsealedEvents: "尚未封存的事件"
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
      dailyTarget: "Daily target", PLANNED: "planned", RUNNING: "running", ENDED: "ended",
      OTHER_TOGETHER: "Other channels together (all it covers)",
      SIGNED: "signed", DEPOSIT_PAID: "deposit paid", INSTALLING: "installing", INSTALLED: "installed", COMPLETED: "completed",
      CANCELLED: "cancelled", BALANCE_OVERDUE: "balance overdue", DEPOSIT_IDLE: "deposit idle", OVER_COLLECTED: "over-collected",
      MONEY_ON_CANCELLED: "money on a cancelled contract", UNSETTLED: "not arrived", UNKNOWN_RECEIPT: "unknown receipt",
      AMOUNT_DIFFERS: "amounts differ",
      MANAGER: "manager", SALES: "sales", INSTALLER: "installer", FINANCE: "finance", AUDITOR: "auditor", ADMIN: "admin",
      METRICS: "metrics", SYSTEM: "system",
      BANK: "Bank", WECHAT_PAY: "WeChat Pay", ALIPAY: "Alipay", CASH_SLIP: "Cash deposit slips",
      METHOD_CASH: "cash", METHOD_BANK_TRANSFER: "bank transfer", METHOD_WECHAT_PAY: "WeChat Pay", METHOD_ALIPAY: "Alipay",
      METHOD_CARD: "card", METHOD_OTHER: "other",
      DEPOSIT: "deposit", BALANCE: "balance", REFUND: "refund", AUTOMATIC: "automatic", CONFIRMED: "confirmed proposal",
      MANUAL: "by hand", MONTH_OPEN: "open", MONTH_CLOSED: "closed", MONTH_REOPENED: "reopened",
      ACTION_CLOSED: "closed", ACTION_REOPENED: "reopened",
      FACT_SIGNED: "signing", FACT_DEPOSIT: "deposit", FACT_INSTALLATION: "installation", FACT_BALANCE: "balance",
      FACT_CANCELLED: "cancellation", FACT_CORRECTION: "correction",
      settlement: "Settlement", month: "Month close", settled: "Settled", inTransit: "In transit",
      unmatchedPayments: "Payments not arrived", unmatchedLines: "Statement lines no payment explains",
      proposals: "Proposals to confirm", proposalId: "Proposal", source: "Source", payments: "Payments",
      statementLines: "Statement lines", confirm: "Confirm", action: "Action", kind: "Kind", paymentId: "Payment",
      method: "Method", noStatement: "no statement", amount: "Amount", day: "Day", receiptNo: "Receipt",
      matchSelected: "Match the ticked payments and lines", amountsDiffer: "Matches whose amounts differ", matchId: "Match",
      how: "How", recentMatches: "Matched statement lines from {from} to {to}", undo: "Undo", layout: "Layout",
      statementFile: "Statement file", chooseFile: "Choose a file first.", importStatement: "Import the statement",
      "layout-plain": "plain (lineId,date,amount,reference)", "layout-cn-bank": "Chinese bank export",
      "layout-wechat-merchant": "WeChat Pay merchant statement", "layout-alipay-merchant": "Alipay merchant statement",
      passwordForCommands: "Your password, to send commands (kept on this page only)", passwordNeeded: "Give your password first.",
      commandSideUnreachable: "The command side cannot be reached", lineN: "line {n}",
      imported: "Imported: {recorded} lines recorded, {known} known already; {matched} matched automatically, {proposed} proposed.",
      done: "Done ({id}).", pickLinesOfOneSource: "Tick statement lines of one source.", lineId: "Line", reference: "Reference",
      closeMonth: "Close the month", reopenMonth: "Reopen the month", statementAsClosed: "The statement as closed",
      closedAt: "Closed at", neverClosed: "This month was never closed.", adjustments: "Adjustments after close", ref: "Ref",
      what: "What", pick: "Pick", monthOf: "Month",
      fieldDay: "Field day", closeHistory: "Closes and reopenings", statementPosition: "Statement position",
      contractsOf: "Contracts of {who}", businessesNamed: "Businesses whose name starts with “{name}”", timeline: "Timeline", notSealed: "not sealed yet", lastVerified: "Last verified",
      notYet: "not yet", notVerifiedYet: "this instance has not finished a verification since it started",
      chainVerdict: "Event chain", chainIntact: "intact: {n} events to position {position}",
      chainBroken: "broken at position {position}: {reason}", latestDigest: "Latest signed digest", digestAt: "position {position}",
      noDigestYet: "no digest signed yet", unsealedEvents: "Events not sealed yet"
    }
  };

  function lang() {
    const chosen = localStorage.getItem("canvass.lang");
    if (chosen === "zh" || chosen === "en") return chosen;
    return (window.CANVASS_DEFAULT_LANG || "zh-CN").toLowerCase().startsWith("en") ? "en" : "zh";
  }

  /** Keys asked for that the chosen language has no words for (the browser tests read it: none may be). */
  const missing = new Set();

  function t(key, values) {
    if (!(key in WORDS[lang()])) missing.add(lang() + ":" + key);
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

  /** Whether the page has words for a key (the browser tests check every enum-shaped text against this). */
  function known(key) {
    return key in WORDS.zh && key in WORDS.en;
  }

  window.Canvass = { t, lang, apply, switchLang, money, count, percent, instant, known, missing: () => [...missing] };
})();
