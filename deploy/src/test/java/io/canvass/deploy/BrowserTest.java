package io.canvass.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15: the branch's web page in a real headless Chromium, after the demo campaign. Each role
 * signs in and sees the figures the API answers; a salesperson cannot open finance's page; a
 * command sent meanwhile appears without a reload; Chinese by default, English on a switch; a
 * phone's width; nothing loaded from outside. Screenshots go to target/screenshots/. Skipped, with
 * the command that installs it, where Chromium is not installed (.ci/run installs it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String INSTALL = "sudo apt-get install -y chromium chromium-driver";
    static final String FROM = DemoCampaignTest.PLAN_START;
    static final String TO = DemoCampaignTest.PLAN_END;

    static Canvass canvass;
    static ChromeDriver browser;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            System.out.println("SKIPPED: the web page's browser tests need Chromium; install it with: " + INSTALL);
        }
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed, so the browser tests are skipped; install it with: " + INSTALL);
        // no statements: the finance views are tested on payments still in transit, with a statement of the test's own
        canvass = Canvass.start(Files.createTempDirectory("canvass-browser"), "--demo", "--seed", "7", "--no-statements");
        canvass.awaitLog("Canvass keeps running", Duration.ofMinutes(5));
        base = "http://localhost:" + canvass.queryPort;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900", "--lang=zh-CN",
                "--user-data-dir=" + Files.createTempDirectory("canvass-chromium"));
        // the console, to see that no page asks for a resource the query side does not have
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
        Files.createDirectories(Path.of("target", "screenshots"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (canvass != null) {
            canvass.close();
        }
    }

    // ---------- helpers ----------

    /** What the API answers, with HTTP Basic, once the read models are caught up. */
    static JsonNode read(String user, String path) {
        JsonNode[] answer = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Canvass.Answer got = canvass.query(user, path);
            answer[0] = got.json();
            return got.status() == 200 && !got.json().get("stale").asBoolean();
        });
        return answer[0];
    }

    static void signIn(String user) {
        browser.manage().deleteAllCookies();
        browser.get(base + "/login");
        browser.executeScript("localStorage.clear()");
        browser.get(base + "/login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys("demo");
        browser.findElement(By.id("sign-in")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** Opens a view and waits until it has drawn figures at least as fresh as the store's head. */
    static void open(String path) {
        browser.get(base + path);
        if (path.equals("/audit")) {
            // the auditor's landing reads the event store's chain, no read model: drawn is enough
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> "audit".equals(((JavascriptExecutor) d)
                    .executeScript("return document.getElementById('main').dataset.view")));
        } else {
            awaitView();
        }
    }

    static void awaitView() {
        long head = head();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            Object position = ((JavascriptExecutor) d).executeScript(
                    "const m = document.getElementById('main'); return m && m.dataset.view ? Number(m.dataset.position) : -1;");
            return position instanceof Number n && n.longValue() >= head;
        });
    }

    static long head() {
        return read("manager", "/api/coverage/districts").get("asOf").get("position").asLong();
    }

    /** A cell's text; the page may draw itself again meanwhile (a live update), so a vanished cell is read again. */
    static String cell(String rowSelector, String field) {
        return text(By.cssSelector(rowSelector + " td[data-field='" + field + "']"));
    }

    static String text(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(locator).getText().strip());
    }

    /** The whole page (the window made as tall as it), then the window as it was. */
    static void screenshot(String name) throws Exception {
        Dimension size = browser.manage().window().getSize();
        Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(size.getWidth(), Math.min(3000, height.intValue() + 140)));
        Thread.sleep(300); // the charts redraw at the new size
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", "screenshots", name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(size);
    }

    /** Money as the page writes it: ¥ and thousands separators, from the API's exact text. */
    static String yuan(String amount) {
        String[] parts = amount.split("\\.");
        return "¥" + String.format("%,d", Long.parseLong(parts[0])) + "." + parts[1];
    }

    static List<String> navigation() {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(d -> {
            List<String> views = new ArrayList<>();
            d.findElements(By.cssSelector("#nav a")).forEach(a -> views.add(a.getAttribute("id")));
            return views.isEmpty() ? null : views;
        });
    }

    // ---------- tests ----------

    @Test
    @Order(1)
    void the_manager_sees_the_plans_figures_on_the_profit_page_in_chinese() throws Exception {
        signIn("manager");
        assertThat(navigation()).containsExactly("nav-coverage", "nav-quota", "nav-profit", "nav-campaigns",
                "nav-reconciliation");
        open("/profit?from=" + FROM + "&to=" + TO);
        String hair = "#profit-table tr[data-channel='HAIR_SALON']";
        assertThat(cell(hair, "channel")).isEqualTo("美发店");
        assertThat(cell(hair, "unitsSigned")).isEqualTo("540");
        assertThat(cell(hair, "planUnits")).isEqualTo("540");
        assertThat(cell(hair, "netProfit")).isEqualTo("¥248,400.00");
        assertThat(cell(hair, "planNetProfit")).isEqualTo("¥248,400.00");
        assertThat(text(By.id("nav-profit"))).isEqualTo("渠道利润");
        assertThat(text(By.id("freshness"))).contains("最新").doesNotContain("null", "undefined");
        // every figure of every row is the API's
        JsonNode api = read("manager", "/api/profit/channels?from=" + FROM + "&to=" + TO);
        for (JsonNode channel : api.get("channels")) {
            String row = "#profit-table tr[data-channel='" + channel.get("channel").asText() + "']";
            assertThat(cell(row, "contracts")).isEqualTo(channel.get("contracts").asText());
            assertThat(cell(row, "unitsInstalled").replace(",", "")).isEqualTo(channel.get("unitsInstalled").asText());
            assertThat(cell(row, "revenue")).isEqualTo(yuan(channel.get("revenue").asText()));
            assertThat(cell(row, "collected")).isEqualTo(yuan(channel.get("collected").asText()));
            assertThat(cell(row, "outstanding")).isEqualTo(yuan(channel.get("outstanding").asText()));
            assertThat(cell(row, "netProfit")).isEqualTo(yuan(channel.get("netProfit").asText()));
        }
        assertThat(cell("#profit-table tr[data-channel='TOTAL']", "netProfit"))
                .isEqualTo(yuan(api.get("total").get("netProfit").asText()));
        assertThat(browser.findElements(By.cssSelector("#profit-chart canvas"))).isNotEmpty();
        screenshot("profit");
    }

    @Test
    @Order(2)
    void the_quota_board_and_heat_map_show_the_apis_figures() throws Exception {
        open("/quota?date=" + FROM + "&from=" + FROM + "&to=2026-03-15");
        JsonNode daily = read("manager", "/api/quota/daily?date=" + FROM);
        assertThat(daily.get("salespeople")).isNotEmpty();
        for (JsonNode person : daily.get("salespeople")) {
            String row = "#quota-board tr[data-salesperson='" + person.get("salespersonId").asText() + "']";
            assertThat(cell(row, "unitsSigned")).isEqualTo(person.get("unitsSigned").asText());
            assertThat(cell(row, "target")).isEqualTo(person.get("target").asText());
            assertThat(cell(row, "shortfall")).isEqualTo(person.get("shortfall").asText());
        }
        assertThat(browser.findElements(By.cssSelector("#quota-heatmap canvas"))).isNotEmpty();
        screenshot("quota");
    }

    @Test
    @Order(3)
    void coverage_and_reconciliation_show_the_apis_figures() throws Exception {
        open("/coverage");
        JsonNode districts = read("manager", "/api/coverage/districts?size=500").get("districts");
        for (JsonNode district : districts) {
            String row = "#districts tr[data-district='" + district.get("districtId").asText() + "']";
            assertThat(cell(row, "prospects").replace(",", "")).isEqualTo(district.get("prospects").asText());
            assertThat(cell(row, "unitsSigned").replace(",", "")).isEqualTo(district.get("unitsSigned").asText());
        }
        screenshot("coverage");
        open("/reconciliation?asOf=" + TO);
        JsonNode report = read("finance", "/api/finance/reconciliation?size=20&asOf=" + TO);
        assertThat(text(By.cssSelector("#totals [data-total='contractValue'] .value")))
                .isEqualTo(yuan(report.get("totals").get("contractValue").asText()));
        assertThat(text(By.cssSelector("#totals [data-total='outstanding'] .value")))
                .isEqualTo(yuan(report.get("totals").get("outstanding").asText()));
        JsonNode first = report.get("contracts").get(0);
        String row = "#lines tr[data-contract='" + first.get("contractId").asText() + "']";
        assertThat(cell(row, "depositCollected")).isEqualTo(yuan(first.get("depositCollected").asText()));
        assertThat(browser.findElements(By.cssSelector("#lines tbody tr"))).hasSize(report.get("contracts").size());
        browser.findElement(By.id("next-page")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("page=1"));
        awaitView();
        assertThat(text(By.id("page-number"))).startsWith("第 2 页");
        screenshot("reconciliation");

        // the campaigns planned by the demo, against their plans, and the day's follow-ups
        open("/campaigns?date=" + TO);
        String hair = "#campaigns-table tr[data-campaign='hair-20260302']";
        assertThat(cell(hair, "channel")).isEqualTo("美发店");
        assertThat(cell(hair, "planUnits")).isEqualTo("540");
        assertThat(cell(hair, "unitsSigned")).isEqualTo("540");
        assertThat(cell(hair, "netProfit")).isEqualTo("¥248,400.00");
        assertThat(cell(hair, "planNetProfit")).isEqualTo("¥248,400.00");
        JsonNode campaigns = read("manager", "/api/campaigns?asOf=" + TO).get("campaigns");
        assertThat(browser.findElements(By.cssSelector("#campaigns-table tbody tr"))).hasSize(campaigns.size());
        for (JsonNode campaign : campaigns) {
            String line = "#campaigns-table tr[data-campaign='" + campaign.get("campaignId").asText() + "']";
            assertThat(cell(line, "unitsInstalled").replace(",", "")).isEqualTo(campaign.get("unitsInstalled").asText());
            assertThat(cell(line, "outstanding")).isEqualTo(yuan(campaign.get("outstanding").asText()));
        }
        JsonNode followUps = read("manager", "/api/follow-ups?date=" + TO);
        assertThat(browser.findElements(By.cssSelector("#overdue-balances tbody tr[data-contract]")))
                .hasSize(followUps.get("overdueBalances").size());
        assertThat(browser.findElements(By.cssSelector("#campaigns-chart canvas"))).isNotEmpty();
        screenshot("campaigns");
    }

    @Test
    @Order(4)
    void a_salesperson_sees_only_their_own_quota_and_cannot_open_finances_page() {
        signIn("sales1");
        assertThat(navigation()).containsExactly("nav-quota", "nav-coverage");
        open("/quota?date=" + FROM);
        assertThat(browser.findElements(By.cssSelector("#quota-board tbody tr"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("#quota-board tbody tr")).getAttribute("data-salesperson"))
                .isEqualTo("sales1");
        open("/coverage");
        JsonNode mine = read("sales1", "/api/coverage/prospects?size=500").get("prospects");
        assertThat(mine).isNotEmpty();
        List<WebElement> rows = browser.findElements(By.cssSelector("#prospect-list tbody tr"));
        assertThat(rows).hasSize(mine.size());
        assertThat(browser.findElements(By.cssSelector("#prospect-list td[data-field='salespersonId']")))
                .allMatch(cell -> cell.getText().equals("sales1"));
        String first = "#prospect-list tr[data-prospect='" + mine.get(0).get("prospectId").asText() + "']";
        assertThat(cell(first, "businessName")).isEqualTo(mine.get(0).get("businessName").asText());
        assertThat(cell(first, "unitsSigned")).isEqualTo(mine.get(0).get("unitsSigned").asText());
        for (String page : new String[] {"/reconciliation", "/profit", "/campaigns", "/audit"}) {
            browser.get(base + page);
            assertThat(text(By.id("forbidden"))).contains("无权查看此页面");
        }
    }

    @Test
    @Order(5)
    void the_auditor_reads_a_contracts_history_and_verifies_it() throws Exception {
        signIn("auditor");
        assertThat(navigation()).containsExactly("nav-reconciliation", "nav-audit", "nav-settlement", "nav-month");
        String contract = read("finance", "/api/finance/reconciliation?size=1&asOf=" + TO)
                .get("contracts").get(0).get("contractId").asText();
        open("/audit?contractId=" + contract);
        JsonNode history = canvass.query("auditor", "/api/audit/contracts/" + contract + "/history").json();
        assertThat(browser.findElements(By.cssSelector("#history tbody tr"))).hasSize(history.get("events").size());
        assertThat(cell("#history tr[data-sequence='0']", "type")).isEqualTo("ContractSigned");
        browser.findElement(By.id("verify")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> !d.findElement(By.id("verify-result")).getText().isEmpty());
        assertThat(text(By.id("verify-result"))).startsWith("校验通过");
        screenshot("audit");

        // the auditor lands on the chain's state, and finds a salesperson's contracts
        open("/audit");
        JsonNode chain = canvass.query("auditor", "/api/audit/chain").json();
        assertThat(text(By.cssSelector("[data-chain='unsealed'] .value"))).isNotEmpty();
        assertThat(text(By.cssSelector("[data-chain='verdict'] .value"))).isNotEmpty().doesNotContain("null");
        if (chain.get("latestDigest").isObject()) {
            assertThat(text(By.cssSelector("[data-chain='digest'] .value")))
                    .startsWith("位置 " + chain.get("latestDigest").get("position").asText());
        }
        open("/audit?salespersonId=sales1");
        JsonNode sales1 = read("auditor", "/api/finance/reconciliation?size=100&salespersonId=sales1").get("contracts");
        assertThat(browser.findElements(By.cssSelector("#found-contracts tbody tr[data-contract]"))).hasSize(sales1.size());
        open("/audit?businessName=Shop");
        JsonNode shops = read("auditor", "/api/audit/contracts?size=100&businessName=Shop").get("prospects");
        assertThat(shops).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#found-businesses tbody tr[data-prospect]"))).hasSize(shops.size());
        open("/audit?salespersonId=sales1");
        browser.findElement(By.cssSelector("#found-contracts tr[data-contract] a")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("contractId="));
        awaitView();
        assertThat(browser.findElements(By.cssSelector("#history tbody tr[data-sequence]"))).isNotEmpty();
        browser.get(base + "/coverage");
        assertThat(text(By.id("forbidden"))).contains("Your role may not open this page");
    }

    @Test
    @Order(6)
    void a_command_sent_meanwhile_appears_without_a_reload() throws Exception {
        signIn("manager");
        String district = "{\"districtId\":\"live\",\"city\":\"Harbin\",\"name\":\"Live\",\"streets\":"
                + "[{\"streetId\":\"live-1\",\"name\":\"Live Rd\"}]}";
        assertThat(canvass.command("manager", "/api/districts", district).status()).isEqualTo(201);
        open("/coverage?district=live");
        assertThat(cell("#streets tr[data-street='live-1']", "prospects")).isEqualTo("0");
        Object loadedAt = browser.executeScript("return window.__canvassLoadedAt");
        long sent = System.nanoTime();
        assertThat(canvass.command("manager", "/api/prospects", EndToEndTest.prospect("live-p", "HAIR_SALON", "live",
                "live-1", "sales1")).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> cell("#streets tr[data-street='live-1']", "prospects").equals("1"));
        long shownAfterMillis = (System.nanoTime() - sent) / 1_000_000;
        assertThat(browser.executeScript("return window.__canvassLoadedAt")).isEqualTo(loadedAt);
        System.out.println("A prospect recorded through HTTP was on the open page " + shownAfterMillis + " ms later");
    }

    @Test
    @Order(7)
    void english_on_a_switch_and_money_written_the_same() {
        open("/profit?from=" + FROM + "&to=" + TO);
        browser.findElement(By.id("lang")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("nav-profit")).getText().equals("Channel profit"));
        // the menu is drawn at once, the figures once read again in English
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .until(d -> cell("#profit-table tr[data-channel='HAIR_SALON']", "channel").equals("Hair salons"));
        assertThat(cell("#profit-table tr[data-channel='HAIR_SALON']", "netProfit")).isEqualTo("¥248,400.00");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        browser.navigate().refresh();
        awaitView();
        assertThat(text(By.id("nav-profit"))).isEqualTo("Channel profit");
        browser.findElement(By.id("lang")).click();
        assertThat(text(By.id("nav-profit"))).isEqualTo("渠道利润");
    }

    @Test
    @Order(8)
    void on_a_phones_width_nothing_spills_sideways_and_nothing_comes_from_outside() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            for (String page : new String[] {"/quota?date=" + FROM, "/profit?from=" + FROM + "&to=" + TO,
                    "/reconciliation?asOf=" + TO}) {
                open(page);
                Number overflow = (Number) browser.executeScript(
                        "return document.documentElement.scrollWidth - window.innerWidth");
                assertThat(overflow.intValue()).as(page + " spills sideways").isLessThanOrEqualTo(0);
                @SuppressWarnings("unchecked")
                List<String> resources = (List<String>) browser.executeScript(
                        "return performance.getEntriesByType('resource').map(r => r.name)");
                assertThat(resources).allMatch(url -> url.startsWith(base + "/"), "loaded from the query side only");
            }
            screenshot("quota-phone");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    @Test
    @Order(9)
    void the_sign_in_form_works_with_a_keyboard_alone() {
        browser.manage().deleteAllCookies();
        browser.get(base + "/login");
        browser.executeScript("localStorage.clear()");
        browser.get(base + "/login");
        WebElement user = browser.switchTo().activeElement();
        assertThat(user.getAttribute("id")).isEqualTo("username");
        user.sendKeys("finance");
        user.sendKeys(Keys.TAB);
        browser.switchTo().activeElement().sendKeys("wrong" + Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("error"));
        assertThat(text(By.id("login-message"))).isEqualTo("用户名或密码不对。");
        browser.switchTo().activeElement().sendKeys("finance" + Keys.TAB + "demo" + Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/profit"));
        awaitView();
        assertThat(navigation()).containsExactly("nav-profit", "nav-campaigns", "nav-reconciliation", "nav-settlement",
                "nav-month");
    }

    // ---------- finance's settlement and month views (issue 31) ----------

    /** What the page shows that a reader should never see: "null", "undefined", or an enum the table translates. */
    static final String UNTRANSLATED = """
            const words = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const parent = node.parentElement;
              // the auditor's payload and ids are shown verbatim on purpose; hidden parts are not seen
              if (!parent || parent.closest('[data-raw], script, style, code') || !parent.getClientRects().length) continue;
              words.push(node.textContent);
            }
            const text = words.join(' ');
            const bad = [];
            for (const w of text.match(/\\b(null|undefined|NaN)\\b/g) || []) bad.push(w);
            const prefixes = ['', 'METHOD_', 'MONTH_', 'ACTION_', 'FACT_'];
            for (const token of text.match(/\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\\b/g) || []) {
              if ((token.length >= 3 && prefixes.some(p => window.Canvass.known(p + token))) || token.includes('_')) bad.push(token);
            }
            return [...new Set(bad)];
            """;

    static String statementLine(String id, String day, String amount, String reference) {
        return id + "," + day + "," + amount + "," + reference + "\n";
    }

    @Test
    @Order(10)
    void finance_imports_a_statement_sees_the_flags_confirms_a_proposal_and_undoes_it() throws Exception {
        signIn("finance");
        JsonNode before = read("finance", "/api/finance/settlement?asOf=" + TO);
        // two unsettled payments of one amount on one day: a line of that amount cannot tell them apart
        Map<String, List<JsonNode>> sameDayAndAmount = new LinkedHashMap<>();
        for (JsonNode p : before.get("unmatchedPayments")) {
            if ("WECHAT_PAY".equals(p.get("source").asText())) {
                sameDayAndAmount.computeIfAbsent(p.get("day").asText() + " " + p.get("amount").asText(),
                        k -> new ArrayList<>()).add(p);
            }
        }
        List<JsonNode> twins = sameDayAndAmount.values().stream().filter(l -> l.size() >= 2).findFirst().orElseThrow();
        JsonNode byReceipt = StreamSupport.stream(before.get("unmatchedPayments").spliterator(), false)
                .filter(p -> "WECHAT_PAY".equals(p.get("source").asText()) && !twins.contains(p)).findFirst().orElseThrow();
        Path file = Files.createTempFile("wechat-statement", ".csv");
        Files.writeString(file, "lineId,date,amount,reference\n"
                + statementLine("bt-1", byReceipt.get("day").asText(), byReceipt.get("amount").asText(),
                        "order " + byReceipt.get("receiptNo").asText())
                + statementLine("bt-2", twins.get(0).get("day").asText(), twins.get(0).get("amount").asText(), "no receipt")
                + statementLine("bt-3", TO, "12345.67", "nobody we know"));

        open("/settlement");
        browser.findElement(By.id("command-password")).sendKeys("demo");
        new Select(browser.findElement(By.id("import-source"))).selectByValue("WECHAT_PAY");
        new Select(browser.findElement(By.id("import-layout"))).selectByValue("plain");
        browser.findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
        browser.findElement(By.id("import")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("command-result")).getText().startsWith("已导入"));
        assertThat(text(By.id("command-result"))).contains("新记录 3 行").contains("自动匹配 1 笔");
        // the line no payment explains is flagged, in Chinese, once its deadline has recorded the flag (with
        // --demo a deadline waits at least 15 s: docs/finance.md#flags); the payment its receipt names is settled
        new WebDriverWait(browser, Duration.ofSeconds(120)).pollingEvery(Duration.ofSeconds(2)).until(d ->
                StreamSupport.stream(read("finance", "/api/finance/settlement").get("unmatchedLines").spliterator(), false)
                        .anyMatch(line -> "bt-3".equals(line.get("lineId").asText())
                                && line.get("flags").toString().contains("UNKNOWN_RECEIPT")));
        String flag = new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector("#unmatched-lines tr[data-line='bt-3'] [data-flag='UNKNOWN_RECEIPT']"))
                        .getText().strip());
        assertThat(flag).isEqualTo("不明来款");
        String settledPayment = byReceipt.get("contractId").asText() + "/" + byReceipt.get("kind").asText() + "/"
                + byReceipt.get("paymentId").asText();
        assertThat(browser.findElements(By.cssSelector("#unmatched-payments tr[data-payment='" + settledPayment + "']"))).isEmpty();
        JsonNode after = read("finance", "/api/finance/settlement");
        JsonNode proposal = StreamSupport.stream(after.get("proposals").spliterator(), false)
                .filter(p -> p.get("lines").get(0).get("id").asText().equals("bt-2")).findFirst().orElseThrow();
        String proposalId = proposal.get("proposalId").asText();
        assertThat(browser.findElements(By.cssSelector("#proposals tr[data-proposal='" + proposalId + "']"))).hasSize(1);
        screenshot("settlement");

        browser.findElement(By.id("command-reason")).sendKeys("the twins' receipts checked by phone");
        browser.findElement(By.id("confirm-" + proposalId)).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("command-result")).getText().startsWith("已完成"));
        // read() asks for no position: wait until the read models have the confirmed match too
        String twinDay = twins.get(0).get("day").asText();
        String[] confirmed = new String[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode lines = read("finance", "/api/finance/statements/lines?source=WECHAT_PAY&from=" + twinDay + "&to=" + twinDay);
            JsonNode bt2 = StreamSupport.stream(lines.get("lines").spliterator(), false)
                    .filter(l -> l.get("lineId").asText().equals("bt-2")).findFirst().orElseThrow();
            confirmed[0] = bt2.get("matchId").isNull() ? null : bt2.get("matchId").asText();
            return confirmed[0] != null;
        });
        String matchId = confirmed[0];
        assertThat(browser.findElements(By.cssSelector("#unmatched-lines tr[data-line='bt-2']"))).isEmpty();

        // undone with a reason: the line is unmatched again
        open("/settlement?asOf=" + twins.get(0).get("day").asText());
        browser.findElement(By.id("command-password")).sendKeys("demo");
        browser.findElement(By.id("command-reason")).sendKeys("confirmed the wrong twin");
        browser.findElement(By.id("undo-" + matchId)).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("command-result")).getText().startsWith("已完成"));
        assertThat(browser.findElements(By.cssSelector("#unmatched-lines tr[data-line='bt-2']"))).hasSize(1);
        JsonNode undone = read("finance", "/api/finance/statements/lines?source=WECHAT_PAY&from=" + twins.get(0).get("day").asText()
                + "&to=" + twins.get(0).get("day").asText());
        assertThat(StreamSupport.stream(undone.get("lines").spliterator(), false)
                .filter(l -> l.get("lineId").asText().equals("bt-2")).findFirst().orElseThrow().get("matchId").isNull()).isTrue();
    }

    @Test
    @Order(11)
    void finance_closes_a_month_and_sees_the_statement_as_closed() throws Exception {
        open("/month?month=2026-03");
        assertThat(browser.findElement(By.id("month-status")).getAttribute("data-status")).isEqualTo("OPEN");
        browser.findElement(By.id("command-password")).sendKeys("demo");
        browser.findElement(By.id("close-month")).click();
        // a close without a reason is refused by the command side, naming the field
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("command-result")).getText().startsWith("400"));
        assertThat(text(By.id("command-result"))).contains("reason");
        browser.findElement(By.id("command-reason")).sendKeys("March reported to head office");
        browser.findElement(By.id("close-month")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> "CLOSED".equals(d.findElement(By.id("month-status")).getAttribute("data-status")));
        JsonNode march = read("finance", "/api/finance/periods/2026-03");
        assertThat(text(By.id("month-status"))).endsWith("已结账");
        // the statement is worked out from the read models once they pass the close: the page reads again as they move
        String settled = yuan(march.get("statement").get("settlement").get("totals").get("settled").asText());
        String value = yuan(march.get("statement").get("totals").get("contractValue").asText());
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                text(By.cssSelector("#statement-totals [data-total='settled'] .value")).equals(settled)
                        && text(By.cssSelector("#statement-totals [data-total='contractValue'] .value")).equals(value));
        assertThat(cell("#period-history tr[data-version='0']", "action")).isEqualTo("结账");
        assertThat(cell("#period-history tr[data-version='0']", "reason")).isEqualTo("March reported to head office");
        assertThat(cell("#period-history tr[data-version='0']", "who")).isEqualTo("finance (财务)");
        screenshot("month");
    }

    @Test
    @Order(12)
    void no_page_shows_null_undefined_or_an_untranslated_enum_in_either_language() throws Exception {
        String contract = read("finance", "/api/finance/reconciliation?size=1&asOf=" + TO)
                .get("contracts").get(0).get("contractId").asText();
        Map<String, List<String>> pages = Map.of(
                "manager", List.of("/coverage", "/coverage?district=live", "/quota?date=" + FROM, "/profit?from=" + FROM + "&to=" + TO,
                        "/campaigns?date=" + TO, "/reconciliation?asOf=" + TO),
                "sales1", List.of("/quota?date=" + FROM, "/coverage"),
                "finance", List.of("/settlement", "/month?month=2026-03", "/reconciliation?asOf=" + TO),
                "auditor", List.of("/audit", "/audit?contractId=" + contract, "/settlement", "/month?month=2026-03"));
        List<String> found = new ArrayList<>();
        browser.manage().logs().get(LogType.BROWSER); // read: what earlier tests refused on purpose is gone
        for (Map.Entry<String, List<String>> role : pages.entrySet()) {
            signIn(role.getKey());
            for (String language : List.of("zh", "en")) {
                browser.executeScript("localStorage.setItem('canvass.lang', arguments[0])", language);
                for (String page : role.getValue()) {
                    open(page);
                    @SuppressWarnings("unchecked")
                    List<String> bad = (List<String>) browser.executeScript(UNTRANSLATED);
                    if (!bad.isEmpty()) {
                        found.add(role.getKey() + " " + language + " " + page + ": " + bad);
                    }
                    // and every word the page asked the table for is in it, in the language shown
                    Object missing = browser.executeScript("return window.Canvass.missing()");
                    if (missing instanceof List<?> keys && !keys.isEmpty()) {
                        found.add(role.getKey() + " " + language + " " + page + " has no words for: " + keys);
                    }
                    // at 1280 px every money card holds its whole figure
                    @SuppressWarnings("unchecked")
                    List<String> cut = (List<String>) browser.executeScript("return [...document.querySelectorAll('.card')]"
                            + ".filter(c => c.scrollWidth > c.clientWidth).map(c => c.textContent)");
                    if (!cut.isEmpty()) {
                        found.add(role.getKey() + " " + language + " " + page + " cuts short: " + cut);
                    }
                }
            }
        }
        assertThat(found).isEmpty();
        List<String> failedLoads = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).filter(m -> m.contains("status of 404")).toList();
        assertThat(failedLoads).as("resources the pages asked for and did not get").isEmpty();
    }
}
