package io.canvass.deploy.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The statements where the demo's money lands (docs/finance.md, "The demo's statements"), as the
 * bank, WeChat Pay's and Alipay's merchant platforms and the office's typed cash slips export them,
 * in the layouts the import reads: one file per source for the campaign's days.
 * <ul>
 *   <li>{@code CASH_SLIP}, layout {@code plain}: every cash receipt paid in on a slip of its own
 *       that names it (a slip of several receipts is a proposal for finance, not a match);</li>
 *   <li>{@code WECHAT_PAY}, {@code wechat-merchant}: UTF-8 with its BOM, backquoted values, the totals;</li>
 *   <li>{@code ALIPAY}, {@code alipay-merchant}: GBK, the '#' header and footer lines;</li>
 *   <li>{@code BANK}, {@code cn-bank}: GBK, the account lines, the totals row; a transfer lands the
 *       next day (never after today), a refund leaves as a debit.</li>
 * </ul>
 * Each line's reference names the payment's receipt number, so the rules match it by themselves.
 * With misses, one cash deposit is never paid in (no slip) and the bank shows a transfer in that no
 * payment explains.
 */
final class DemoStatements {

    /** A payment as the campaign records it; a refund has no payment id, method or receipt. */
    record Paid(String contractId, String kind, String paymentId, String method, BigDecimal amount, Instant at) {

        String receiptNo() {
            return "R-" + paymentId;
        }
    }

    /** A statement file to import. */
    record File(String source, String layout, byte[] body) {
    }

    /** The files, and the bank line of each refund (by contract), which finance matches: the rules only propose. */
    record Statements(List<File> files, Map<String, String> refundLines) {
    }

    /** The bank line no payment explains (with misses): an amount no demo payment has. */
    static final BigDecimal STRAY_AMOUNT = new BigDecimal("2150.00");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Charset GBK = Charset.forName("GBK");

    private DemoStatements() {
    }

    /** The files for the payments (and refunds), the unpaid one left out, with the stray line when given a day. */
    static Statements of(List<Paid> payments, String neverPaidIn, LocalDate strayDay, LocalDate today) {
        List<Paid> landed = payments.stream().filter(p -> p.paymentId() == null || !p.paymentId().equals(neverPaidIn))
                .sorted(Comparator.comparing(Paid::at).thenComparing(Paid::contractId)).toList();
        List<File> files = new ArrayList<>();
        files.add(new File("CASH_SLIP", "plain", cashSlips(of(landed, "CASH"))));
        files.add(new File("WECHAT_PAY", "wechat-merchant", wechat(of(landed, "WECHAT_PAY"))));
        files.add(new File("ALIPAY", "alipay-merchant", alipay(of(landed, "ALIPAY"))));
        List<Paid> bank = new ArrayList<>(of(landed, "BANK_TRANSFER"));
        bank.addAll(landed.stream().filter(p -> p.method() == null).toList()); // refunds go back by transfer
        Map<String, String> refundLines = new LinkedHashMap<>();
        files.add(new File("BANK", "cn-bank", bank(bank, strayDay, today, refundLines)));
        return new Statements(files, refundLines);
    }

    private static List<Paid> of(List<Paid> payments, String method) {
        return payments.stream().filter(p -> method.equals(p.method())).toList();
    }

    private static byte[] cashSlips(List<Paid> cash) {
        StringBuilder file = new StringBuilder("lineId,date,amount,reference\n");
        int n = 0;
        for (Paid paid : cash) {
            file.append(String.format("CS-%s-%04d,%s,%s,cash deposit slip for receipt %s%n", compact(day(paid.at())), ++n,
                    day(paid.at()), paid.amount().toPlainString(), paid.receiptNo()));
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] wechat(List<Paid> paidByWechat) {
        StringBuilder file = new StringBuilder("\uFEFF交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,"
                + "交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,"
                + "退款类型,退款状态,商品名称,商户数据包,手续费,费率\n");
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal fees = BigDecimal.ZERO;
        int n = 0;
        for (Paid paid : paidByWechat) {
            BigDecimal fee = paid.amount().multiply(new BigDecimal("0.006")).setScale(2, RoundingMode.HALF_UP);
            total = total.add(paid.amount());
            fees = fees.add(fee);
            file.append(String.join(",", List.of(local(paid.at()), "wx5f0a1c2d3e4b", "1900000109", "0", "",
                    String.format("4200001234%s%010d", compact(day(paid.at())), ++n), paid.receiptNo(), "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
                    "NATIVE", "SUCCESS", "OTHERS", "CNY", plain(paid.amount()), "0.00", "0", "0", "0.00", "0.00", "", "",
                    "mirror " + paid.kind().toLowerCase(Locale.ROOT) + " " + paid.contractId(), "", plain(fee), "0.60%")
                    .stream().map(value -> "`" + value).toList())).append('\n');
        }
        file.append("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\n");
        file.append(String.join(",", List.of(Integer.toString(n), plain(total), "0.00", "0.00", plain(fees), plain(total),
                "0.00").stream().map(value -> "`" + value).toList())).append('\n');
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] alipay(List<Paid> paidByAlipay) {
        StringBuilder file = new StringBuilder("#支付宝业务明细查询\n#账号：[20880000000000000156]\n");
        file.append(String.format("#起始日期：[%s]   终止日期：[%s]%n", chinese(first(paidByAlipay)), chinese(last(paidByAlipay))));
        file.append("#-----------------------------------------业务明细列表----------------------------------------\n");
        file.append("支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,"
                + "商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,"
                + "卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注\n");
        BigDecimal total = BigDecimal.ZERO;
        int n = 0;
        for (Paid paid : paidByAlipay) {
            BigDecimal fee = paid.amount().multiply(new BigDecimal("0.006")).setScale(2, RoundingMode.HALF_UP);
            total = total.add(paid.amount());
            file.append(String.format("%s22001400%08d\t,%s\t,交易,mirror %s %s,%s,%s,,,,,138****%04d,\"%s\",%s,0.00,0.00,0.00,"
                            + "0.00,0.00,,0.00,0.00,,-%s,0.00,%n", compact(day(paid.at())), ++n, paid.receiptNo(),
                    paid.kind().toLowerCase(Locale.ROOT), paid.contractId(), local(paid.at()), local(paid.at().plusSeconds(5)),
                    n % 10000, grouped(paid.amount()), plain(paid.amount()), plain(fee)));
        }
        file.append("#-----------------------------------------业务明细列表结束------------------------------------\n");
        file.append(String.format("#交易合计：%d笔，共%s元%n#退款合计：0笔，共0.00元%n#导出时间：[%s]%n", n, plain(total),
                chinese(last(paidByAlipay).plusDays(1))));
        return file.toString().getBytes(GBK);
    }

    private static byte[] bank(List<Paid> transfers, LocalDate strayDay, LocalDate today, Map<String, String> refundLines) {
        record Entry(LocalDate day, String time, String summary, BigDecimal amount, String payer, String note,
                     String refunded) {
        }
        List<Entry> entries = new ArrayList<>();
        for (Paid paid : transfers) {
            boolean refund = paid.paymentId() == null;
            // a transfer in is credited the next working day at the latest; never shown before it happens
            LocalDate day = refund ? day(paid.at()) : min(day(paid.at()).plusDays(1), today);
            entries.add(new Entry(day, "09:30:00", refund ? "转账支出" : "转账存入", refund ? paid.amount().negate() : paid.amount(),
                    "Shop " + paid.contractId(), refund ? "refund of contract " + paid.contractId()
                    : paid.receiptNo() + " " + paid.kind().toLowerCase(Locale.ROOT), refund ? paid.contractId() : null));
        }
        if (strayDay != null) {
            entries.add(new Entry(strayDay, "15:12:00", "转账存入", STRAY_AMOUNT, "Harbin Tianyuan Trading", "货款", null));
        }
        entries.sort(Comparator.comparing(Entry::day).thenComparing(Entry::payer));
        LocalDate from = entries.isEmpty() ? today : entries.get(0).day();
        LocalDate to = entries.isEmpty() ? today : entries.get(entries.size() - 1).day();
        StringBuilder file = new StringBuilder("账号：6222000011112222,户名：恒诺数码影音镜哈尔滨分公司\n");
        file.append("起始日期：").append(from).append(",截止日期：").append(to).append('\n');
        file.append("交易日期,交易时间,交易流水号,摘要,借方发生额,贷方发生额,余额,对方户名,对方账号,附言\n");
        BigDecimal balance = new BigDecimal("100000.00");
        BigDecimal debits = BigDecimal.ZERO;
        BigDecimal credits = BigDecimal.ZERO;
        int n = 0;
        for (Entry entry : entries) {
            balance = balance.add(entry.amount());
            boolean out = entry.amount().signum() < 0;
            debits = out ? debits.add(entry.amount().negate()) : debits;
            credits = out ? credits : credits.add(entry.amount());
            String lineId = String.format("B%s%04d", compact(entry.day()), ++n);
            if (entry.refunded() != null) {
                refundLines.put(entry.refunded(), lineId);
            }
            file.append(String.join(",", entry.day().toString(), entry.time(), lineId,
                    entry.summary(), out ? "\"" + grouped(entry.amount().negate()) + "\"" : "",
                    out ? "" : "\"" + grouped(entry.amount()) + "\"", "\"" + grouped(balance) + "\"", entry.payer(),
                    String.format("6222%012d", n), entry.note())).append('\n');
        }
        file.append("合计,,,,\"").append(grouped(debits)).append("\",\"").append(grouped(credits)).append("\",,,,\n");
        return file.toString().getBytes(GBK);
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, DemoCampaign.ZONE);
    }

    private static String local(Instant at) {
        return LocalDateTime.ofInstant(at, DemoCampaign.ZONE).format(TIME);
    }

    private static String compact(LocalDate day) {
        return day.format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    private static LocalDate first(List<Paid> payments) {
        return payments.isEmpty() ? LocalDate.now(DemoCampaign.ZONE) : day(payments.get(0).at());
    }

    private static LocalDate last(List<Paid> payments) {
        return payments.isEmpty() ? LocalDate.now(DemoCampaign.ZONE) : day(payments.get(payments.size() - 1).at());
    }

    private static String chinese(LocalDate day) {
        return String.format("%d年%02d月%02d日 00:00:00", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static String plain(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    /** With thousands separators, as bank and Alipay exports write amounts. */
    private static String grouped(BigDecimal amount) {
        return String.format(Locale.ROOT, "%,.2f", amount);
    }
}
