package io.canvass.command.settlement;

import io.canvass.events.Money;
import io.canvass.events.settlement.StatementSource;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a statement file is laid out: which row names the columns, which columns hold a line's id,
 * day, amount and reference, which rows are totals, and the charset it comes in when the request
 * does not say. The mappings are docs/finance.md's ("Statement layouts"); a column is found by its
 * name in the column row (any of the names given), never by its position, so that an export with
 * columns added or moved still reads.
 */
enum StatementLayout {

    /** {@code lineId,date,amount,reference} with that column row first: what the office types, any source. */
    PLAIN("plain", EnumSet.allOf(StatementSource.class), StandardCharsets.UTF_8,
            col("lineId"), col("date"), col("amount"), col("reference")) {
        @Override
        StatementLine read(Row row) {
            return new StatementLine(row.number(), row.id(column(0)), row.day(column(1)), row.amount(column(2)),
                    row.text(column(3)));
        }
    },

    /**
     * A Chinese corporate bank's transaction export (GBK): account lines before the column row,
     * money in and out in two columns, totals rows (合计) at the end. The payer's name and account
     * are not read: the reference is the summary and the note.
     */
    CN_BANK("cn-bank", EnumSet.of(StatementSource.BANK, StatementSource.CASH_SLIP), Charset.forName("GBK"),
            col("交易日期", "记账日期"), col("交易流水号", "流水号", "凭证号"), col("借方发生额", "借方金额", "支出金额"),
            col("贷方发生额", "贷方金额", "收入金额"), col("摘要", "用途"), optional("附言", "备注")) {
        @Override
        Optional<String> skipped(Row row) {
            return row.first().startsWith("合计") || row.first().startsWith("总计") || row.first().startsWith("本页合计")
                    ? Optional.of("a totals row") : Optional.empty();
        }

        @Override
        StatementLine read(Row row) {
            Optional<Money> out = row.optionalAmount(column(2));
            Optional<Money> in = row.optionalAmount(column(3));
            if (out.isPresent() == in.isPresent()) {
                throw new IllegalArgumentException("exactly one of " + column(2).name() + " and " + column(3).name()
                        + " must hold an amount");
            }
            Money amount = in.orElseGet(() -> Money.ZERO.minus(out.orElseThrow()));
            return new StatementLine(row.number(), row.id(column(1)), row.day(column(0)), amount,
                    join(row.text(column(4)), row.text(column(5))));
        }
    },

    /**
     * WeChat Pay's merchant transaction statement (UTF-8 with a BOM, every value after a backquote,
     * a totals section at the end whose sums are checked): a payment is its WeChat order, a refund
     * its WeChat refund with the amount refunded, negative; a revoked order moved no money.
     */
    WECHAT_MERCHANT("wechat-merchant", EnumSet.of(StatementSource.WECHAT_PAY), StandardCharsets.UTF_8,
            col("交易时间"), col("微信订单号"), col("商户订单号"), col("交易状态"), col("应结订单金额"),
            col("微信退款单号"), col("退款金额"), optional("商品名称")) {
        @Override
        StatementLine read(Row row) {
            String state = row.text(column(3));
            String reference = join(row.text(column(2)), row.text(column(7)));
            return switch (state) {
                case "SUCCESS" -> new StatementLine(row.number(), row.id(column(1)), row.day(column(0)),
                        row.amount(column(4)), reference);
                case "REFUND" -> new StatementLine(row.number(), row.id(column(5)), row.day(column(0)),
                        negative(row.amount(column(6))), reference);
                default -> throw new IllegalArgumentException(column(3).name() + " " + quoted(state)
                        + " is none of SUCCESS, REFUND, REVOKED");
            };
        }

        @Override
        Optional<String> skipped(Row row) {
            return row.text(column(3)).equals("REVOKED") ? Optional.of("a revoked order: no money moved")
                    : Optional.empty();
        }

        @Override
        boolean totalsStart(Row row) {
            return row.first().equals("总交易单数");
        }
    },

    /**
     * Alipay's merchant account statement (GBK): comment lines starting with '#' before and after the
     * lines; a payment is its Alipay trade, a refund (业务类型 退款) the trade's refund batch,
     * negative.
     */
    ALIPAY_MERCHANT("alipay-merchant", EnumSet.of(StatementSource.ALIPAY), Charset.forName("GBK"),
            col("支付宝交易号"), col("商户订单号"), col("业务类型"), col("完成时间"), col("订单金额(元)"),
            optional("退款批次号/请求号"), optional("商品名称"), optional("备注")) {
        @Override
        Optional<String> skipped(Row row) {
            return row.first().startsWith("#") ? Optional.of("a comment line") : Optional.empty();
        }

        @Override
        StatementLine read(Row row) {
            String kind = row.text(column(2));
            String reference = join(row.text(column(1)), join(row.text(column(6)), row.text(column(7))));
            return switch (kind) {
                case "交易" -> new StatementLine(row.number(), row.id(column(0)), row.day(column(3)),
                        positive(row.amount(column(4))), reference);
                case "退款" -> new StatementLine(row.number(),
                        row.id(column(0), row.text(column(5))), row.day(column(3)),
                        negative(row.amount(column(4))), reference);
                default -> throw new IllegalArgumentException(column(2).name() + " " + quoted(kind)
                        + " is neither 交易 nor 退款");
            };
        }
    };

    /** The columns a layout reads, each under any of its names. */
    record Column(List<String> names, boolean required) {

        String name() {
            return names.get(0);
        }
    }

    private final String id;
    private final Set<StatementSource> sources;
    private final Charset charset;
    private final List<Column> columns;

    StatementLayout(String id, Set<StatementSource> sources, Charset charset, Column... columns) {
        this.id = id;
        this.sources = sources;
        this.charset = charset;
        this.columns = List.of(columns);
    }

    /** The name a request gives in {@code layout=}. */
    String id() {
        return id;
    }

    boolean reads(StatementSource source) {
        return sources.contains(source);
    }

    /** The charset of the layout's exports, used when the request's Content-Type names none. */
    Charset charset() {
        return charset;
    }

    List<Column> columns() {
        return columns;
    }

    Column column(int index) {
        return columns.get(index);
    }

    /** Whether the column row must be the file's first line (only a typed file's). */
    boolean columnRowFirst() {
        return this == PLAIN;
    }

    /** Reads a line, or throws {@link IllegalArgumentException} saying why it cannot be read. */
    abstract StatementLine read(Row row);

    /** Why a row of the body is not a statement line (a totals row, a revoked order), if it is not one. */
    Optional<String> skipped(Row row) {
        return Optional.empty();
    }

    /** Whether the row starts the totals section that ends the lines. */
    boolean totalsStart(Row row) {
        return false;
    }

    static Optional<StatementLayout> of(String id) {
        return Arrays.stream(values()).filter(layout -> layout.id.equals(id)).findFirst();
    }

    /** The layouts a source's statement may come in, by name. */
    static List<String> idsFor(StatementSource source) {
        return Arrays.stream(values()).filter(layout -> layout.reads(source)).map(StatementLayout::id).toList();
    }

    private static Column col(String... names) {
        return new Column(List.of(names), true);
    }

    private static Column optional(String... names) {
        return new Column(List.of(names), false);
    }

    /** A refund as a statement shows it: money leaving, whether the export signs it or not. */
    private static Money negative(Money amount) {
        return amount.isNegative() ? amount : Money.ZERO.minus(amount);
    }

    private static Money positive(Money amount) {
        return amount.isNegative() ? Money.ZERO.minus(amount) : amount;
    }

    private static String join(String first, String second) {
        return second.isEmpty() ? first : first.isEmpty() ? second : first + " " + second;
    }

    static String quoted(String text) {
        return "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
    }
}
