package io.canvass.command.settlement;

import io.canvass.events.Money;
import io.canvass.events.settlement.StatementLineId;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statement files shaped as the exports are (docs/finance.md, "Statement layouts"): each line read
 * or refused with its line number and reason, and a refusal never hidden by the lines around it.
 */
class StatementFileTest {

    static final Charset GBK = Charset.forName("GBK");
    static final StatementFile.Days DAYS = new StatementFile.Days(LocalDate.parse("2000-01-01"),
            LocalDate.parse("2026-03-31"));

    /** A corporate bank's export: account lines, the column row, money in and out, totals; in GBK. */
    static final String BANK = """
            账号：6222000011112222,户名：恒诺数码影音镜哈尔滨分公司
            起始日期：2026-03-01,截止日期：2026-03-31
            交易日期,交易时间,交易流水号,摘要,借方发生额,贷方发生额,余额,对方户名,对方账号,附言
            2026-03-02,10:15:00,B20260302001,转账存入,,"12,345.00","112,345.00",李四,6222333344445555,R-1001 deposit
            20260303,09:00:00,B20260303001,退款,400.00,0.00,"111,945.00",王五,6222666677778888,refund R-0999
            合计,,,,400.00,"12,345.00",,,,
            """;

    /** WeChat Pay's merchant statement: a BOM, backquoted values, a revoked order, a refund, the totals. */
    static final String WECHAT = "\uFEFF" + """
            交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率
            `2026-03-02 10:15:00,`wx0001,`1900000001,`0,`,`4200001234202603021111111111,`R-2001,`o-user1,`NATIVE,`SUCCESS,`OTHERS,`CNY,`1380.00,`0.00,`0,`0,`0.00,`0.00,`,`,`mirror deposit,`,`8.28,`0.60%
            `2026-03-03 11:00:00,`wx0001,`1900000001,`0,`,`4200001234202603032222222222,`R-2002,`o-user2,`NATIVE,`REVOKED,`OTHERS,`CNY,`0.00,`0.00,`0,`0,`0.00,`0.00,`,`,`mirror deposit,`,`0.00,`0.60%
            `2026-03-04 12:00:00,`wx0001,`1900000001,`0,`,`4200001234202603021111111111,`R-2001,`o-user1,`NATIVE,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50000001234202603040000000001,`RF-1,`200.00,`0.00,`ORIGINAL,`SUCCESS,`mirror deposit,`,`-1.20,`0.60%
            总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额
            `3,`1380.00,`200.00,`0.00,`7.08,`1380.00,`200.00
            """;

    /** Alipay's merchant statement: comment lines before and after, tab-padded values, a refund; in GBK. */
    static final String ALIPAY = """
            #支付宝业务明细查询
            #账号：[20880000000000000156]
            #起始日期：[2026年03月01日 00:00:00]   终止日期：[2026年04月01日 00:00:00]
            #-----------------------------------------业务明细列表----------------------------------------
            支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注
            2026030222001400001111111111\t,R-3001\t,交易,mirror balance,2026-03-02 09:00:00,2026-03-02 09:00:05,,,,,buyer@example.com,"2,360.00",2360.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,-14.16,0.00,
            2026030222001400001111111111\t,R-3001\t,退款,mirror balance,2026-03-05 09:00:00,2026-03-05 09:00:05,,,,,buyer@example.com,-100.00,-100.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,RB20260305001,0.60,0.00,
            #-----------------------------------------业务明细列表结束------------------------------------
            #交易合计：1笔，共2360.00元
            #退款合计：1笔，共100.00元
            #导出时间：[2026年04月01日 10:00:00]
            """;

    static StatementFile.Parsed read(String text, Charset charset, StatementLayout layout) {
        return StatementFile.read(text.getBytes(charset), null, layout, DAYS);
    }

    static StatementLine line(String id, String day, String amount, String reference) {
        return new StatementLine(0, new StatementLineId(id), LocalDate.parse(day), Money.parse(amount), reference);
    }

    static List<StatementLine> unnumbered(List<StatementLine> lines) {
        return lines.stream().map(l -> new StatementLine(0, l.lineId(), l.day(), l.amount(), l.reference())).toList();
    }

    @Test
    void a_plain_file_reads_each_line_with_its_sign_and_thousands_separators() {
        StatementFile.Parsed parsed = read("""
                lineId,date,amount,reference
                S-1,2026-03-02,"1,380.00",R-1 deposit
                S-2,2026-03-03,-400,refund of R-0
                """, StandardCharsets.UTF_8, StatementLayout.PLAIN);
        assertThat(parsed.refused()).isEmpty();
        assertThat(unnumbered(parsed.lines())).containsExactly(line("S-1", "2026-03-02", "1380.00", "R-1 deposit"),
                line("S-2", "2026-03-03", "-400.00", "refund of R-0"));
        assertThat(parsed.lines().get(1).number()).isEqualTo(3);
    }

    @Test
    void a_gbk_bank_export_skips_its_account_lines_and_totals_and_never_reads_the_payer() {
        StatementFile.Parsed parsed = read(BANK, GBK, StatementLayout.CN_BANK);
        assertThat(parsed.refused()).isEmpty();
        assertThat(unnumbered(parsed.lines())).containsExactly(
                line("B20260302001", "2026-03-02", "12345.00", "转账存入 R-1001 deposit"),
                line("B20260303001", "2026-03-03", "-400.00", "退款 refund R-0999"));
        assertThat(parsed.skipped()).extracting(StatementRefusal::line).containsExactly(1, 2, 3, 6);
        assertThat(parsed.lines()).allSatisfy(l -> assertThat(l.reference()).doesNotContain("李四", "6222"));
    }

    @Test
    void a_bank_export_read_as_utf8_is_refused_line_by_line_not_misread() {
        StatementFile.Parsed parsed = StatementFile.read(BANK.getBytes(GBK), StandardCharsets.UTF_8,
                StatementLayout.CN_BANK, DAYS);
        assertThat(parsed.refused()).isNotEmpty();
        assertThat(parsed.refused().get(0).reason()).startsWith("not UTF-8 text");
    }

    @Test
    void a_wechat_export_reads_past_its_bom_and_backquotes_records_the_refund_negative_and_skips_the_revoked() {
        StatementFile.Parsed parsed = read(WECHAT, StandardCharsets.UTF_8, StatementLayout.WECHAT_MERCHANT);
        assertThat(parsed.refused()).isEmpty();
        assertThat(unnumbered(parsed.lines())).containsExactly(
                line("4200001234202603021111111111", "2026-03-02", "1380.00", "R-2001 mirror deposit"),
                line("50000001234202603040000000001", "2026-03-04", "-200.00", "R-2001 mirror deposit"));
        assertThat(parsed.skipped()).extracting(StatementRefusal::reason)
                .contains("a revoked order: no money moved", "the totals");
    }

    @Test
    void a_wechat_export_cut_short_is_refused_at_its_totals() {
        String cut = WECHAT.replace("`3,`1380.00", "`4,`1380.00");
        StatementFile.Parsed parsed = read(cut, StandardCharsets.UTF_8, StatementLayout.WECHAT_MERCHANT);
        assertThat(parsed.refused()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(6);
            assertThat(r.reason()).contains("totals count 4 orders but the file lists 3");
        });
    }

    @Test
    void an_alipay_export_in_gbk_reads_its_trade_and_refund_between_comment_lines() {
        StatementFile.Parsed parsed = read(ALIPAY, GBK, StatementLayout.ALIPAY_MERCHANT);
        assertThat(parsed.refused()).isEmpty();
        assertThat(unnumbered(parsed.lines())).containsExactly(
                line("2026030222001400001111111111", "2026-03-02", "2360.00", "R-3001 mirror balance"),
                line("2026030222001400001111111111-RB20260305001", "2026-03-05", "-100.00", "R-3001 mirror balance"));
    }

    @Test
    void wrong_columns_are_refused_at_the_first_line() {
        StatementFile.Parsed parsed = read("id,day,money\nS-1,2026-03-02,1.00\n", StandardCharsets.UTF_8,
                StatementLayout.PLAIN);
        assertThat(parsed.lines()).isEmpty();
        assertThat(parsed.refused()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(1);
            assertThat(r.reason()).contains("lineId,date,amount,reference");
        });
    }

    @Test
    void an_export_without_its_column_row_is_refused() {
        StatementFile.Parsed parsed = read(ALIPAY.lines().filter(l -> !l.startsWith("支付宝交易号"))
                .reduce("", (a, b) -> a + b + "\n"), GBK, StatementLayout.ALIPAY_MERCHANT);
        assertThat(parsed.lines()).isEmpty();
        assertThat(parsed.refused()).singleElement().satisfies(r -> assertThat(r.reason()).contains("no column row"));
    }

    @Test
    void every_bad_line_is_refused_with_its_number_and_reason_and_the_good_ones_do_not_hide_them() {
        StatementFile.Parsed parsed = read("""
                lineId,date,amount,reference
                S-1,2026-03-02,100.00,fine
                S-2,2026-03-02,1.005,three decimals
                S-3,2026-03-02,"1,23.00",bad grouping
                S-4,2026-02-30,1.00,no such day
                S-5,2026-04-01,1.00,after today
                S 6,2026-03-02,1.00,bad id
                S-7,2026-03-02,0.00,no money
                S-8,2026-03-02,"1.00,open quote
                S-1,2026-03-03,100.00,same id other day
                """, StandardCharsets.UTF_8, StatementLayout.PLAIN);
        assertThat(parsed.refused()).extracting(StatementRefusal::line).containsExactly(3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(parsed.refused()).extracting(StatementRefusal::reason).satisfiesExactly(
                r -> assertThat(r).contains("amount '1.005' is not an amount"),
                r -> assertThat(r).contains("amount '1,23.00' is not an amount"),
                r -> assertThat(r).contains("date '2026-02-30' is not a date"),
                r -> assertThat(r).contains("the day 2026-04-01 is not from 2000-01-01 to today, 2026-03-31"),
                r -> assertThat(r).contains("lineId 'S 6' must be"),
                r -> assertThat(r).contains("0.00 moves no money"),
                r -> assertThat(r).contains("quoted value is not closed"),
                r -> assertThat(r).contains("line id S-1 is also on line 2 with other figures"));
    }

    @Test
    void the_same_line_twice_in_a_file_is_read_once() {
        StatementFile.Parsed parsed = read("""
                lineId,date,amount,reference
                S-1,2026-03-02,100.00,a
                S-1,2026-03-02,100,a again
                """, StandardCharsets.UTF_8, StatementLayout.PLAIN);
        assertThat(parsed.refused()).isEmpty();
        assertThat(parsed.lines()).hasSize(1);
        assertThat(parsed.repeated()).isEqualTo(1);
    }

    @Test
    void an_empty_file_and_a_file_of_only_its_column_row_are_refused() {
        assertThat(read("", StandardCharsets.UTF_8, StatementLayout.PLAIN).refused())
                .singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("the file is empty"));
        assertThat(read("lineId,date,amount,reference\n\n", StandardCharsets.UTF_8, StatementLayout.PLAIN).refused())
                .singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("the file holds no statement lines"));
    }

    @Test
    void a_bank_line_with_money_both_in_and_out_is_refused() {
        StatementFile.Parsed parsed = read(BANK.replace(",,\"12,345.00\"", ",5.00,\"12,345.00\""), GBK,
                StatementLayout.CN_BANK);
        assertThat(parsed.refused()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(4);
            assertThat(r.reason()).contains("exactly one of 借方发生额 and 贷方发生额");
        });
    }

    @Test
    void lines_are_counted_as_the_reader_counts_them() {
        assertThat(StatementFile.lineCount(new byte[0])).isZero();
        assertThat(StatementFile.lineCount("a\nb\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(StatementFile.lineCount("a\nb".getBytes(StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(StatementFile.lineCount("\n\n\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(3);
    }
}
