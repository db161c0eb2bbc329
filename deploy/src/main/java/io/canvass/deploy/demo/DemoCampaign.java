package io.canvass.deploy.demo;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives the plan's reference campaigns through the public HTTP API, as the field apps would:
 * the hair-salon campaign (3 salespeople, 2 units each a day), a smaller photo-studio campaign
 * (2 salespeople, distribution agreements with sample deposits) and an other-channels campaign
 * (5 salespeople). Deterministic for a seed; sending it twice changes nothing (every command
 * carries its own ids, so the second run is all retries).
 *
 * <p>The three campaigns are planned first, by the same commands a manager sends
 * ({@code POST /api/campaigns}): hair salons (3 salespeople, 2 units a day, 460.00 a unit: 540 units
 * and 248,400.00 over 90 days), photo studios (2 salespeople, 1 a day) and other channels (5, 2 a day).
 *
 * <p>With {@code --misses}, four realistic misses: a hair-salon contract cancelled after its
 * deposit (its day falls short by 2), a day on which a salesperson signs 1 unit instead of 2, a
 * balance never paid (BALANCE_OVERDUE once 30 days have passed) and a photo studio's sample deposit
 * with nothing installed (DEPOSIT_IDLE). The last two become follow-ups by their deadlines, which the
 * summary waits for. Two more are finance's: a cash deposit never paid in (UNSETTLED) and a bank line
 * that no payment explains (UNKNOWN_RECEIPT).
 *
 * <p>Payments are made as the field makes them: hair-salon deposits in cash and their balances by
 * WeChat Pay, photo studios' sample deposits by bank transfer, the other channels' deposits by Alipay
 * and their balances by transfer. After the campaign, finance imports the statements that show them
 * ({@link DemoStatements}), which settles them.
 */
public final class DemoCampaign {

    /**
     * The zone of the branch the demo drives, which runs on the default (io.canvass.platform.Branch);
     * written out here because the demo runs on the JDK alone (run.sh's classpath is this module's classes).
     */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final List<String> HAIR_SALESPEOPLE = List.of("sales1", "sales2", "sales3");
    static final List<String> PHOTO_SALESPEOPLE = List.of("ps-1", "ps-2");
    static final List<String> OTHER_SALESPEOPLE = List.of("oc-1", "oc-2", "oc-3", "oc-4", "oc-5");
    static final List<String> OTHER_CHANNELS = List.of("DECORATION", "GOVERNMENT", "HOTEL", "RESTAURANT",
            "PUBLIC_DISPLAY", "BEAUTY_SALON", "COSMETICS_COUNTER");
    static final String HAIR_PRICE = "1280.00";
    static final String HAIR_DEPOSIT_PER_UNIT = "380.00";
    static final String HAIR_BALANCE_PER_UNIT = "900.00";

    private final Options options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong lastPosition = new AtomicLong(-1);
    private final PrintStream out;
    /** Every payment and refund the schedule makes, for the statements. */
    private final List<DemoStatements.Paid> paid = new ArrayList<>();
    private int total;

    record Options(String commandUrl, String queryUrl, long seed, int days, LocalDate start, boolean misses,
                   int clients, boolean progress, boolean statements) {

        static Options parse(String[] args) {
            String commandUrl = "http://localhost:8080";
            String queryUrl = "http://localhost:8081";
            long seed = 42;
            int days = 90;
            LocalDate start = LocalDate.parse("2026-03-02");
            boolean misses = false;
            int clients = 8;
            boolean progress = true;
            boolean statements = true;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--command-url" -> commandUrl = args[++i];
                    case "--query-url" -> queryUrl = args[++i];
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--days" -> days = Integer.parseInt(args[++i]);
                    case "--start" -> start = LocalDate.parse(args[++i]);
                    case "--misses" -> misses = true;
                    case "--clients" -> clients = Integer.parseInt(args[++i]);
                    case "--no-progress" -> progress = false;
                    case "--no-statements" -> statements = false;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (options: --command-url, --query-url, --seed, --days, --start, --misses, --clients,"
                            + " --no-progress, --no-statements)");
                }
            }
            if (days < 1 || days > 366) {
                throw new IllegalArgumentException("--days is 1 to 366");
            }
            return new Options(commandUrl, queryUrl, seed, days, start, misses, clients, progress, statements);
        }
    }

    DemoCampaign(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        drive(args);
    }

    /** Runs the campaign and answers the global position of its last event, for reading it back. */
    public static long drive(String... args) throws Exception {
        DemoCampaign campaign = new DemoCampaign(Options.parse(args), System.out);
        campaign.run();
        return campaign.lastPosition.get();
    }

    /** One request of the campaign: who sends it, where, what. */
    public record Step(String user, String path, String body) {
    }

    /**
     * The campaign's requests without sending them: the plan (districts and campaigns) and then
     * every day's work in the order the field apps send it (for {@code deploy/import.sh}'s test
     * and for exporting the history as finance's CSV files).
     */
    public static List<Step> requests(String... args) {
        DemoCampaign campaign = new DemoCampaign(Options.parse(args), System.out);
        List<Step> steps = new ArrayList<>(campaign.plan());
        campaign.schedule().forEach(day -> day.forEach(steps::addAll));
        return steps;
    }

    void run() throws Exception {
        List<Step> plan = plan();
        List<List<List<Step>>> days = schedule();
        total = plan.size() + days.stream().mapToInt(day -> day.stream().mapToInt(List::size).sum()).sum();
        out.printf("Demo campaign: %d days from %s, seed %d%s: %d requests%n", options.days(), options.start(),
                options.seed(), options.misses() ? ", with misses" : "", total);
        Thread progress = progressBar();
        ExecutorService pool = Executors.newFixedThreadPool(options.clients());
        try {
            for (Step step : plan) {
                send(step);
            }
            for (List<List<Step>> day : days) {
                List<Future<?>> chains = new ArrayList<>();
                for (List<Step> chain : day) {
                    chains.add(pool.submit(() -> {
                        for (Step step : chain) {
                            send(step);
                        }
                        return null;
                    }));
                }
                for (Future<?> chain : chains) {
                    chain.get();
                }
            }
        } finally {
            pool.shutdownNow();
            progress.interrupt();
            progress.join();
        }
        out.printf("%nDone: %d requests, last position %d.%n", done.get(), lastPosition.get());
        if (options.statements()) {
            statements();
        } else {
            out.println("No statements imported (--no-statements): every payment stays in transit.");
        }
        summary();
    }

    /** The project manager's plan: hair-salon, photo-studio and other-channel districts with their streets. */
    List<Step> plan() {
        List<Step> steps = new ArrayList<>();
        String[][] districts = {
                {"hs-daoli", "Daoli"}, {"hs-nangang", "Nangang"}, {"hs-daowai", "Daowai"},
                {"ps-xiangfang", "Xiangfang"}, {"oc-songbei", "Songbei"}};
        for (String[] district : districts) {
            List<String> streets = new ArrayList<>();
            for (int s = 1; s <= 12; s++) {
                streets.add(String.format("{\"streetId\":\"%s-s%02d\",\"name\":\"%s street %d\"}", district[0], s,
                        district[1], s));
            }
            steps.add(new Step("manager", "/api/districts", String.format(
                    "{\"districtId\":\"%s\",\"city\":\"Harbin\",\"name\":\"%s\",\"streets\":[%s]}",
                    district[0], district[1], String.join(",", streets))));
        }
        steps.add(campaign(campaignId("hair"), "Hair salons", "HAIR_SALON", 2, HAIR_SALESPEOPLE));
        steps.add(campaign(campaignId("photo"), "Photo studios", "PHOTO_STUDIO", 1, PHOTO_SALESPEOPLE));
        steps.add(campaign(campaignId("other"), "Other channels", "OTHER", 2, OTHER_SALESPEOPLE));
        return steps;
    }

    /** A campaign's id carries its first day, so that demo runs over different dates never share one. */
    String campaignId(String channel) {
        return channel + "-" + compact(options.start());
    }

    private Step campaign(String id, String name, String channel, int dailyTarget, List<String> salespeople) {
        return new Step("manager", "/api/campaigns", String.format(
                "{\"campaignId\":\"%s\",\"name\":\"%s\",\"channel\":\"%s\",\"startDate\":\"%s\",\"endDate\":\"%s\","
                        + "\"dailyTarget\":%d,\"netProfitPerUnit\":\"460.00\",\"salespeople\":[\"%s\"]}",
                id, name, channel, options.start(), options.start().plusDays(options.days() - 1), dailyTarget,
                String.join("\",\"", salespeople)));
    }

    /** Every day's work, as chains of requests that must go in order (visit, sign, deposit, install, balance). */
    List<List<List<Step>>> schedule() {
        Random random = new Random(options.seed());
        List<List<List<Step>>> days = new ArrayList<>();
        for (int d = 0; d < options.days(); d++) {
            LocalDate date = options.start().plusDays(d);
            List<List<Step>> chains = new ArrayList<>();
            for (int p = 0; p < HAIR_SALESPEOPLE.size(); p++) {
                chains.add(hairSalonDay(random, date, d, p));
            }
            if (d % 3 == 0) {
                for (int p = 0; p < PHOTO_SALESPEOPLE.size(); p++) {
                    chains.add(photoStudioDay(random, date, d, p));
                }
            }
            if (d % 2 == 0) {
                for (int p = 0; p < OTHER_SALESPEOPLE.size(); p++) {
                    chains.add(otherChannelDay(random, date, d, p));
                }
            }
            days.add(chains);
        }
        return days;
    }

    private List<Step> hairSalonDay(Random random, LocalDate date, int day, int person) {
        String salesperson = HAIR_SALESPEOPLE.get(person);
        String district = List.of("hs-daoli", "hs-nangang", "hs-daowai").get(person);
        List<Step> chain = new ArrayList<>();
        // a visit that does not convert, then the salon that signs for 2 units (one each for the cutting
        // and the dyeing area), or on some days two salons signing 1 unit each
        chain.add(prospect(salesperson, salesperson, String.format("hs-%s-%s-v", salesperson, compact(date)), "HAIR_SALON",
                district, street(random, district), at(date, 9, random)));
        boolean shortDay = options.misses() && person == 0 && day == Math.min(29, options.days() - 1);
        boolean cancelDay = options.misses() && person == 1 && day == Math.min(9, options.days() - 1);
        boolean twoSalons = random.nextInt(3) == 0 && !shortDay && !cancelDay;
        int salons = twoSalons ? 2 : 1;
        for (int s = 0; s < salons; s++) {
            int units = shortDay ? 1 : 2 / salons;
            String id = String.format("hs-%s-%s-%d", salesperson, compact(date), s);
            String street = street(random, district);
            Instant visited = at(date, 10 + s, random);
            chain.add(prospect(salesperson, salesperson, id, "HAIR_SALON", district, street, visited));
            chain.add(new Step(salesperson, "/api/contracts", String.format(
                    "{\"contractId\":\"%s\",\"prospectId\":\"%s\",\"salespersonId\":\"%s\",\"kind\":\"SALE\",\"units\":%d,"
                            + "\"unitPrice\":\"%s\",\"depositRequired\":\"%s\",\"occurredAt\":\"%s\"}",
                    id, id, salesperson, units, HAIR_PRICE, times(HAIR_DEPOSIT_PER_UNIT, units), visited.plusSeconds(1800))));
            // the salesperson takes the deposit in cash: the office pays it in on a slip
            chain.add(payment(salesperson, id, "deposits", id + "-dep", times(HAIR_DEPOSIT_PER_UNIT, units),
                    visited.plusSeconds(2400), "CASH"));
            boolean cancelled = cancelDay;
            if (cancelled) {
                chain.add(new Step("finance", "/api/contracts/" + id + "/cancellation", String.format(
                        "{\"reason\":\"the salon owner changed his mind\",\"occurredAt\":\"%s\"}", visited.plusSeconds(7200))));
                // everything collected is handed back (a transfer from the bank account)
                paid.add(new DemoStatements.Paid(id, "REFUND", null, null,
                        new java.math.BigDecimal(times(HAIR_DEPOSIT_PER_UNIT, units)), visited.plusSeconds(7200)));
                continue;
            }
            chain.add(new Step("installer", "/api/contracts/" + id + "/installations", String.format(
                    "{\"installationId\":\"%s-inst\",\"units\":%d,\"installerId\":\"installer\","
                            + "\"deliveryReceiptNo\":\"DR-%s\",\"occurredAt\":\"%s\"}",
                    id, units, id, visited.plusSeconds(5 * 3600))));
            boolean unpaid = options.misses() && person == 2 && day == Math.min(19, options.days() - 1) && s == 0;
            if (!unpaid) {
                chain.add(payment("installer", id, "balance-payments", id + "-bal", times(HAIR_BALANCE_PER_UNIT, units),
                        visited.plusSeconds(5 * 3600 + 600), "WECHAT_PAY"));
            }
        }
        return chain;
    }

    private List<Step> photoStudioDay(Random random, LocalDate date, int day, int person) {
        String salesperson = PHOTO_SALESPEOPLE.get(person);
        String id = String.format("ps-%s-%s", salesperson, compact(date));
        Instant visited = at(date, 10, random);
        int units = 1 + random.nextInt(2);
        String price = "1000.00";
        List<Step> chain = new ArrayList<>();
        chain.add(prospect("manager", salesperson, id, "PHOTO_STUDIO", "ps-xiangfang", street(random, "ps-xiangfang"), visited));
        chain.add(new Step("manager", "/api/contracts", String.format(
                "{\"contractId\":\"%s\",\"prospectId\":\"%s\",\"salespersonId\":\"%s\",\"kind\":\"DISTRIBUTION\","
                        + "\"units\":%d,\"unitPrice\":\"%s\",\"depositRequired\":\"%s\",\"occurredAt\":\"%s\"}",
                id, id, salesperson, units, price, times(price, units), visited.plusSeconds(1800))));
        chain.add(payment("finance", id, "deposits", id + "-sample", times(price, units), visited.plusSeconds(2400),
                "BANK_TRANSFER"));
        if (options.misses() && person == 0 && day == idleDay()) {
            return chain; // the sample deposit sits with nothing installed
        }
        chain.add(new Step("installer", "/api/contracts/" + id + "/installations", String.format(
                "{\"installationId\":\"%s-inst\",\"units\":%d,\"installerId\":\"installer\",\"deliveryReceiptNo\":\"DR-%s\","
                        + "\"occurredAt\":\"%s\"}", id, units, id, visited.plusSeconds(4 * 3600))));
        return chain;
    }

    private List<Step> otherChannelDay(Random random, LocalDate date, int day, int person) {
        String salesperson = OTHER_SALESPEOPLE.get(person);
        String channel = OTHER_CHANNELS.get((day / 2 + person) % OTHER_CHANNELS.size());
        String id = String.format("oc-%s-%s", salesperson, compact(date));
        Instant visited = at(date, 11, random);
        int units = 1 + random.nextInt(3);
        boolean sale = random.nextBoolean();
        String price = sale ? "1580.00" : "1200.00";
        String deposit = sale ? times("480.00", units) : times(price, units);
        List<Step> chain = new ArrayList<>();
        chain.add(prospect("manager", salesperson, id, channel, "oc-songbei", street(random, "oc-songbei"), visited));
        chain.add(new Step("manager", "/api/contracts", String.format(
                "{\"contractId\":\"%s\",\"prospectId\":\"%s\",\"salespersonId\":\"%s\",\"kind\":\"%s\",\"units\":%d,"
                        + "\"unitPrice\":\"%s\",\"depositRequired\":\"%s\",\"occurredAt\":\"%s\"}",
                id, id, salesperson, sale ? "SALE" : "DISTRIBUTION", units, price, deposit, visited.plusSeconds(1800))));
        chain.add(payment("finance", id, "deposits", id + "-dep", deposit, visited.plusSeconds(2400), "ALIPAY"));
        chain.add(new Step("installer", "/api/contracts/" + id + "/installations", String.format(
                "{\"installationId\":\"%s-inst\",\"units\":%d,\"installerId\":\"installer\",\"deliveryReceiptNo\":\"DR-%s\","
                        + "\"occurredAt\":\"%s\"}", id, units, id, visited.plusSeconds(6 * 3600))));
        if (sale) {
            chain.add(payment("finance", id, "balance-payments", id + "-bal", times("1100.00", units),
                    visited.plusSeconds(6 * 3600 + 600), "BANK_TRANSFER"));
        }
        return chain;
    }

    /** The photo-studio day (every third day) whose sample deposit is never followed by an installation. */
    private int idleDay() {
        return Math.min(21, options.days() - 1) / 3 * 3;
    }

    /** Ids carry the campaign day's date, so that campaigns over different dates never share an id. */
    private static String compact(LocalDate date) {
        return date.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    }

    private static Step prospect(String user, String salesperson, String id, String channel, String district,
                                 String street, Instant at) {
        return new Step(user, "/api/prospects", String.format(
                "{\"prospectId\":\"%s\",\"channel\":\"%s\",\"businessName\":\"Shop %s\",\"districtId\":\"%s\","
                        + "\"streetId\":\"%s\",\"address\":\"%s, %s\",\"salespersonId\":\"%s\",\"occurredAt\":\"%s\"}",
                id, channel, id, district, street, id, street, salesperson, at));
    }

    /** A payment, remembered for the statements that show it. */
    private Step payment(String user, String contractId, String kind, String paymentId, String amount, Instant at,
                         String method) {
        paid.add(new DemoStatements.Paid(contractId, kind.equals("deposits") ? "DEPOSIT" : "BALANCE", paymentId, method,
                new java.math.BigDecimal(amount), at));
        return new Step(user, "/api/contracts/" + contractId + "/" + kind, String.format(
                "{\"paymentId\":\"%s\",\"amount\":\"%s\",\"method\":\"%s\",\"receiptNo\":\"R-%s\",\"occurredAt\":\"%s\"}",
                paymentId, amount, method, paymentId, at));
    }

    private static String street(Random random, String district) {
        // hair salons cluster on the busier streets: streets 11 and 12 of each district stay unvisited
        return String.format("%s-s%02d", district, 1 + random.nextInt(10));
    }

    private static Instant at(LocalDate date, int hour, Random random) {
        return date.atTime(LocalTime.of(hour, random.nextInt(30))).atZone(ZONE).toInstant();
    }

    static String times(String amount, int units) {
        return new java.math.BigDecimal(amount).multiply(java.math.BigDecimal.valueOf(units)).setScale(2).toPlainString();
    }

    private static final Pattern POSITION = Pattern.compile("\"position\":(\\d+)");

    void send(Step step) throws Exception {
        post(step.user(), step.path(), "application/json", step.body().getBytes(StandardCharsets.UTF_8));
        done.incrementAndGet();
    }

    /** A POST that must be accepted (200 or 201); answers its body, and remembers the position it reports. */
    private String post(String user, String path, String contentType, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(options.commandUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .header("Authorization", basic(user))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException("the campaign's request was refused: POST " + path + " as "
                    + user + " -> " + response.statusCode() + " " + response.body());
        }
        Matcher position = POSITION.matcher(response.body());
        if (position.find()) {
            lastPosition.accumulateAndGet(Long.parseLong(position.group(1)), Math::max);
        }
        return response.body();
    }

    /** With misses, the deposit the office never paid in: the cash of sales2's first salon on the first day. */
    String neverPaidIn() {
        return String.format("hs-%s-%s-0-dep", HAIR_SALESPEOPLE.get(1), compact(options.start()));
    }

    /**
     * Finance imports the statements where the campaign's money landed (docs/finance.md, "The demo's
     * statements"): the rules match every payment by the receipt number in its line; the refunds of
     * cancelled contracts they only propose (a cancellation does not say how the money went back),
     * so finance matches each to its bank line, as it would confirm the proposal. Sending them again
     * records nothing.
     */
    private void statements() throws Exception {
        LocalDate today = LocalDate.now(ZONE);
        LocalDate end = options.start().plusDays(options.days() - 1);
        DemoStatements.Statements statements = DemoStatements.of(paid, options.misses() ? neverPaidIn() : null,
                options.misses() ? (end.isBefore(today) ? end : today) : null, today);
        for (DemoStatements.File file : statements.files()) {
            String answer = post("finance", "/api/finance/statements?source=" + file.source() + "&layout=" + file.layout(),
                    "text/csv", file.body());
            out.printf("Statement %s (layout %s): %s lines, %s recorded, %s already known, %s matched, %s proposed%n",
                    file.source(), file.layout(), number(answer, "lines"), number(answer, "recorded"),
                    number(answer, "alreadyKnown"), number(answer, "matched"), number(answer, "proposed"));
        }
        for (Map.Entry<String, String> refund : statements.refundLines().entrySet()) {
            post("finance", "/api/finance/matches", "application/json", String.format(
                    "{\"source\":\"BANK\",\"payments\":[{\"contractId\":\"%s\",\"kind\":\"REFUND\"}],\"lines\":[\"%s\"],"
                            + "\"reason\":\"the refund of cancelled contract %s left by bank transfer %s\"}",
                    refund.getKey(), refund.getValue(), refund.getKey(), refund.getValue()).getBytes(StandardCharsets.UTF_8));
            out.printf("Finance matched the refund of %s to bank line %s%n", refund.getKey(), refund.getValue());
        }
    }

    private static String number(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\":(-?\\d+)").matcher(json);
        return matcher.find() ? matcher.group(1) : "?";
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    private Thread progressBar() {
        Thread thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    draw();
                    Thread.sleep(250);
                }
            } catch (InterruptedException e) {
                // finished
            }
            draw();
        }, "demo-progress");
        thread.setDaemon(true);
        if (options.progress()) {
            thread.start();
        }
        return thread;
    }

    private void draw() {
        int width = 40;
        int count = done.get();
        int filled = total == 0 ? width : (int) ((long) count * width / total);
        out.printf("\r[%s%s] %3d%% %d/%d requests", "#".repeat(filled), " ".repeat(width - filled),
                total == 0 ? 100 : count * 100 / total, count, total);
        out.flush();
    }

    /** What the dashboards now show for the hair-salon campaign. */
    private void summary() throws Exception {
        LocalDate end = options.start().plusDays(options.days() - 1);
        String profit = get("finance", "/api/profit/channels?from=" + options.start() + "&to=" + end
                + "&minPosition=" + lastPosition.get());
        Matcher hair = Pattern.compile("\\{\"channel\":\"HAIR_SALON\",\"contracts\":(\\d+),\"unitsSigned\":(\\d+),"
                + "\"unitsInstalled\":(\\d+),\"revenue\":\"([0-9.]+)\",\"collected\":\"([0-9.]+)\",\"outstanding\":\"([0-9.]+)\","
                + "\"netProfit\":\"([0-9.]+)\"").matcher(profit);
        if (hair.find()) {
            out.printf("Hair salons %s to %s: %s units signed, %s installed, net profit %s yuan (plan for 90 days:"
                    + " 540 units, 248400.00 yuan)%n", options.start(), end, hair.group(2), hair.group(3), hair.group(7));
        }
        String campaign = get("manager", "/api/campaigns/" + campaignId("hair") + "?asOf=" + end
                + "&minPosition=" + lastPosition.get());
        Matcher figures = Pattern.compile("\"unitsSigned\":(\\d+),\"unitsInstalled\":(\\d+),\"netProfit\":\"([0-9.]+)\"")
                .matcher(campaign);
        Matcher plan = Pattern.compile("\"plan\":\\{\"salespersonDays\":\\d+,\"units\":(\\d+),\"netProfit\":\"([0-9.]+)\"")
                .matcher(campaign);
        if (figures.find() && plan.find()) {
            out.printf("Campaign %s: %s units signed, %s installed, net profit %s yuan, against a plan of %s units and"
                    + " %s yuan%n", campaignId("hair"), figures.group(1), figures.group(2), figures.group(3), plan.group(1),
                    plan.group(2));
        }
        if (options.misses()) {
            followUps();
        }
        settlement();
        out.printf("Dashboards: %s/api/coverage/districts  %s/api/quota/daily?date=%s  %s/api/profit/channels?from=%s&to=%s%n",
                options.queryUrl(), options.queryUrl(), options.start(), options.queryUrl(), options.start(), end);
        out.printf("The web page (sign in as manager / demo): %s/profit?from=%s&to=%s%n", options.queryUrl(),
                options.start(), end);
    }

    /** What finance's settlement view says now that the statements are in. */
    private void settlement() throws Exception {
        String answer = get("finance", "/api/finance/settlement?minPosition=" + lastPosition.get());
        Matcher totals = Pattern.compile("\"collected\":\"(-?[0-9.]+)\",\"settled\":\"(-?[0-9.]+)\",\"inTransit\":\"(-?[0-9.]+)\"")
                .matcher(answer);
        if (totals.find()) {
            out.printf("Settlement today: %s yuan collected, %s settled, %s in transit; flagged: %d UNSETTLED payment(s),"
                            + " %d UNKNOWN_RECEIPT statement line(s): %s/api/finance/settlement%n", totals.group(1), totals.group(2),
                    totals.group(3), count(answer, "\"UNSETTLED\""), count(answer, "\"UNKNOWN_RECEIPT\""), options.queryUrl());
        }
    }

    private static int count(String text, String word) {
        return text.split(Pattern.quote(word), -1).length - 1;
    }

    /** Waits (a minute at most) for the deadlines of the unpaid balance and the idle deposit, and lists what they flagged. */
    private void followUps() throws Exception {
        out.println("Waiting for the follow-up deadlines (they give late syncs a grace before they fire)...");
        String unpaid = String.format("hs-%s-%s-0", HAIR_SALESPEOPLE.get(2),
                compact(options.start().plusDays(Math.min(19, options.days() - 1))));
        String idle = String.format("ps-%s-%s", PHOTO_SALESPEOPLE.get(0), compact(options.start().plusDays(idleDay())));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String answer = "";
        while (System.nanoTime() < deadline) {
            answer = get("finance", "/api/follow-ups");
            if (answer.contains("\"" + unpaid + "\"") && answer.contains("\"" + idle + "\"")) {
                out.printf("Follow-ups today: the unpaid balance of %s is overdue and the sample deposit of %s is idle,"
                        + " both recorded by their deadlines: %s/api/follow-ups%n", unpaid, idle, options.queryUrl());
                return;
            }
            Thread.sleep(1000);
        }
        out.println("The follow-ups did not all appear within a minute (is canvass.flags.sync-grace long?): " + answer);
    }

    private String get(String user, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(options.queryUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", basic(user)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
