package io.canvass.command.settlement;

import io.canvass.command.settlement.StatementLayout.Column;
import io.canvass.events.Identifier;
import io.canvass.events.Money;
import io.canvass.events.settlement.StatementLineId;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A row of a statement file: its line number and its cells, read by the names of the column row.
 * Each reader throws {@link IllegalArgumentException} naming the column and what is wrong.
 */
final class Row {

    /** A reference is at most this long: longer is not a statement's text. */
    static final int MAX_REFERENCE = 500;

    /** Thousands separators only in groups of three; a sign and a yuan sign allowed; at most two decimals. */
    private static final Pattern AMOUNT =
            Pattern.compile("([+-])?[¥￥]?(\\d{1,3}(?:,\\d{3})+|\\d{1,10})(\\.\\d{1,2})?");
    private static final Pattern DAY = Pattern.compile("(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?(?:[ T].*)?");
    private static final Pattern COMPACT_DAY = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(?:[ T]?\\d{1,2}:?\\d{2}.*)?");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final int number;
    private final List<String> cells;
    private final Map<Column, Integer> index;

    Row(int number, List<String> cells, Map<Column, Integer> index) {
        this.number = number;
        this.cells = cells;
        this.index = index;
    }

    int number() {
        return number;
    }

    /** The first cell, cleaned: where totals and comment rows say what they are. */
    String first() {
        return cells.isEmpty() ? "" : cells.get(0);
    }

    /** The cell of a column, cleaned; empty for an optional column the file does not have. */
    String text(Column column) {
        Integer at = index.get(column);
        return at == null || at >= cells.size() ? "" : cells.get(at);
    }

    StatementLineId id(Column column) {
        return id(column, "");
    }

    /** The line id from a column, with a suffix when one column does not identify the line alone (a refund). */
    StatementLineId id(Column column, String suffix) {
        String id = suffix.isEmpty() ? text(column) : text(column) + "-" + suffix;
        if (!Identifier.isValid(id)) {
            throw new IllegalArgumentException(column.name() + " " + StatementLayout.quoted(id) + " " + Identifier.RULE);
        }
        return new StatementLineId(id);
    }

    LocalDate day(Column column) {
        String text = text(column);
        Matcher day = DAY.matcher(text);
        Matcher compact = COMPACT_DAY.matcher(text);
        Matcher found = day.matches() ? day : compact.matches() ? compact : null;
        if (found != null) {
            try {
                return LocalDate.of(Integer.parseInt(found.group(1)), Integer.parseInt(found.group(2)),
                        Integer.parseInt(found.group(3)));
            } catch (DateTimeException noSuchDay) {
                // answered below
            }
        }
        throw new IllegalArgumentException(column.name() + " " + StatementLayout.quoted(text)
                + " is not a date such as 2026-03-02");
    }

    Money amount(Column column) {
        return parsed(column).orElseThrow(() -> new IllegalArgumentException(column.name() + " is empty"));
    }

    /** An amount, or empty when the cell is empty or zero (the unused one of a bank's two amount columns). */
    Optional<Money> optionalAmount(Column column) {
        return parsed(column).filter(money -> !money.isZero());
    }

    private Optional<Money> parsed(Column column) {
        String text = text(column).replace(" ", "");
        if (text.isEmpty() || text.equals("-")) {
            return Optional.empty();
        }
        Matcher amount = AMOUNT.matcher(text);
        if (!amount.matches()) {
            throw new IllegalArgumentException(column.name() + " " + StatementLayout.quoted(text)
                    + " is not an amount of yuan such as 1,380.00");
        }
        String digits = (amount.group(1) == null ? "" : amount.group(1)) + amount.group(2).replace(",", "")
                + (amount.group(3) == null ? "" : amount.group(3));
        return Optional.of(new Money(new BigDecimal(digits)));
    }

    /** A reference text: control characters dropped, at most {@link #MAX_REFERENCE} characters. */
    static String reference(String text) {
        String clean = CONTROL.matcher(text).replaceAll(" ").strip();
        if (clean.length() > MAX_REFERENCE) {
            throw new IllegalArgumentException("the reference is longer than " + MAX_REFERENCE + " characters");
        }
        return clean;
    }
}
