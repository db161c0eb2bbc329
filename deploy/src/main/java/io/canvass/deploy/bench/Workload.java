package io.canvass.deploy.bench;

import java.time.LocalDate;
import java.util.Locale;

/**
 * The benchmark's field process, spread like a branch's work: 30 salespeople, 4 channels,
 * 10 districts of 20 streets, {@code perDay} contracts signed a day from {@code start}, all in the
 * past (the command side refuses field times in the future). Through HTTP a contract's life is
 * 5 commands (prospect, signing, deposit, installation, balance); the filled store's contracts are
 * larger, 10 events each, as the 1,000,000 events for 100,000 contracts: a deposit in two
 * payments, three installation visits and three balance payments ({@link DirectFill}).
 */
record Workload(int perDay, LocalDate start) {

    /** Events of a filled contract. */
    static final int FILLED_EVENTS = 10;
    /** Units of a filled contract: one installed at each of its three visits. */
    static final int FILLED_UNITS = 3;

    /** A workload whose days end before today, for about {@code contracts} contracts. */
    static Workload endingBefore(LocalDate today, long contracts, int perDay) {
        return new Workload(perDay, today.minusDays(2 + contracts / perDay));
    }
    static final String[] CHANNELS = {"HAIR_SALON", "PHOTO_STUDIO", "HOTEL", "RESTAURANT"};
    static final int SALESPEOPLE = 30;
    static final int DISTRICTS = 10;
    static final int STREETS = 20;

    /** One contract's figures: the HTTP requests and the stored events are both made from these. */
    record Contract(long n, String id, String salesperson, String channel, String district, String street,
                    LocalDate day, String occurredAt, int units) {

        String unitPrice() {
            return "1280.00";
        }

        String deposit() {
            return (380 * units) + ".00";
        }

        String balance() {
            return (900 * units) + ".00";
        }

        String businessName() {
            return "Bench " + id;
        }

        String address() {
            return id + " " + street;
        }
    }

    /** A filled contract: {@link #FILLED_UNITS} units, see {@link DirectFill}. */
    Contract filled(long n) {
        Contract c = contract(n);
        return new Contract(n, c.id(), c.salesperson(), c.channel(), c.district(), c.street(), c.day(), c.occurredAt(),
                FILLED_UNITS);
    }

    Contract contract(long n) {
        LocalDate day = start.plusDays(n / perDay);
        return new Contract(n, "b" + n, salesperson(n), CHANNELS[(int) (n % CHANNELS.length)], "bd" + (n % DISTRICTS),
                String.format(Locale.ROOT, "s%02d", (n / DISTRICTS) % STREETS), day, day + "T02:00:00Z", 1 + (int) (n % 2));
    }

    static String salesperson(long n) {
        return String.format(Locale.ROOT, "rep%02d", 1 + n % SALESPEOPLE);
    }

    /** The day contract {@code n} is signed. */
    LocalDate day(long n) {
        return start.plusDays(n / perDay);
    }

    /** The 5 requests of a contract: user, path, body. */
    String[][] requests(Contract c) {
        return new String[][] {
                {"manager", "/api/prospects", String.format("{\"prospectId\":\"%s\",\"channel\":\"%s\","
                        + "\"businessName\":\"%s\",\"districtId\":\"%s\",\"streetId\":\"%s\",\"address\":\"%s\","
                        + "\"salespersonId\":\"%s\",\"occurredAt\":\"%s\"}", c.id(), c.channel(), c.businessName(),
                        c.district(), c.street(), c.address(), c.salesperson(), c.occurredAt())},
                {"manager", "/api/contracts", String.format("{\"contractId\":\"%s\",\"prospectId\":\"%s\","
                        + "\"salespersonId\":\"%s\",\"kind\":\"SALE\",\"units\":%d,\"unitPrice\":\"%s\","
                        + "\"depositRequired\":\"%s\",\"occurredAt\":\"%s\"}", c.id(), c.id(), c.salesperson(), c.units(),
                        c.unitPrice(), c.deposit(), c.occurredAt())},
                {"finance", "/api/contracts/" + c.id() + "/deposits", String.format("{\"paymentId\":\"%s-d\",\"amount\":"
                        + "\"%s\",\"method\":\"CASH\",\"receiptNo\":\"R%s\",\"occurredAt\":\"%s\"}", c.id(), c.deposit(),
                        c.id(), c.occurredAt())},
                {"installer", "/api/contracts/" + c.id() + "/installations", String.format("{\"installationId\":\"%s-i\","
                        + "\"units\":%d,\"installerId\":\"installer\",\"deliveryReceiptNo\":\"D%s\",\"occurredAt\":\"%s\"}",
                        c.id(), c.units(), c.id(), c.occurredAt())},
                {"installer", "/api/contracts/" + c.id() + "/balance-payments", balanceRequest(c)}};
    }

    static String balanceRequest(Contract c) {
        return balanceRequest(c, c.id() + "-b", c.balance());
    }

    static String balanceRequest(Contract c, String paymentId, String amount) {
        return String.format("{\"paymentId\":\"%s\",\"amount\":\"%s\",\"method\":\"CASH\",\"receiptNo\":\"B%s\","
                + "\"occurredAt\":\"%s\"}", paymentId, amount, paymentId, c.occurredAt());
    }
}
