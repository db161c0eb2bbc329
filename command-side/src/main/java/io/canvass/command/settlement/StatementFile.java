package io.canvass.command.settlement;

import io.canvass.command.settlement.StatementLayout.Column;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a statement file as its layout says, all of it: every line is a statement line, a row
 * that is not one (the lines before the column row, totals, a revoked order, a comment), or a
 * refusal with its line number and reason. Nothing is recorded from a file with a refusal
 * (docs/finance.md, "Importing a statement"), so the reader goes on past the first one and lists
 * them all.
 */
final class StatementFile {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /**
     * What a file holds: its lines (each line id once), how many rows repeated a line of the same
     * file, the rows that are not lines and why, and the refusals.
     */
    record Parsed(List<StatementLine> lines, int repeated, List<StatementRefusal> skipped,
                  List<StatementRefusal> refused) {
    }

    /** The days a line may have: from the first day Canvass accepts to the importing day. */
    record Days(LocalDate first, LocalDate today) {
    }

    private StatementFile() {
    }

    /**
     * Reads the body. {@code charset} is the request's (null when it names none): the layout's
     * then, unless the file starts with a UTF-8 byte order mark, which says what it is.
     */
    static Parsed read(byte[] body, Charset charset, StatementLayout layout, Days days) {
        int start = 0;
        Charset decoding = charset != null ? charset : layout.charset();
        if (startsWith(body, UTF8_BOM)) {
            start = UTF8_BOM.length;
            decoding = StandardCharsets.UTF_8;
        }
        List<StatementRefusal> refused = new ArrayList<>();
        List<StatementRefusal> skipped = new ArrayList<>();
        Map<String, StatementLine> lines = new LinkedHashMap<>();
        int repeated = 0;
        Map<Column, Integer> columns = null;
        int dataRows = 0;
        boolean inTotals = false;
        int number = 0;
        for (int from = start; from < body.length; ) {
            int end = indexOf(body, (byte) '\n', from);
            number++;
            int to = end > from && body[end - 1] == '\r' ? end - 1 : end;
            String text;
            try {
                text = decoding.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(body, from, to - from)).toString();
            } catch (CharacterCodingException notText) {
                refused.add(new StatementRefusal(number, "not " + decoding.name() + " text (give the file's charset in"
                        + " the Content-Type, e.g. text/csv;charset=GBK)"));
                from = end + 1;
                continue;
            }
            from = end + 1;
            List<String> cells;
            try {
                cells = cells(text);
            } catch (IllegalArgumentException unreadable) {
                refused.add(new StatementRefusal(number, unreadable.getMessage()));
                continue;
            }
            if (cells.stream().allMatch(String::isEmpty)) {
                continue;
            }
            if (inTotals) {
                Optional<String> disagreement = layout == StatementLayout.WECHAT_MERCHANT
                        ? totalsDisagree(cells, dataRows) : Optional.empty();
                int at = number;
                disagreement.ifPresentOrElse(reason -> refused.add(new StatementRefusal(at, reason)),
                        () -> skipped.add(new StatementRefusal(at, "the totals")));
                continue;
            }
            if (columns == null) {
                columns = columnRow(cells, layout);
                if (columns != null) {
                    skipped.add(new StatementRefusal(number, "the column row"));
                } else if (layout.columnRowFirst()) {
                    refused.add(new StatementRefusal(number, "the first line must name the columns " + names(layout)
                            + "; it has " + StatementLayout.quoted(String.join(",", cells))));
                    break;
                } else if (number > MAX_LINES_BEFORE_COLUMNS) {
                    refused.add(new StatementRefusal(number, "no column row naming " + names(layout) + " in the first "
                            + MAX_LINES_BEFORE_COLUMNS + " lines (layout " + layout.id() + ")"));
                    break;
                } else {
                    skipped.add(new StatementRefusal(number, "before the column row"));
                }
                continue;
            }
            Row row = new Row(number, cells, columns);
            if (layout.totalsStart(row)) {
                inTotals = true;
                skipped.add(new StatementRefusal(number, "the totals"));
                continue;
            }
            dataRows++;
            Optional<String> notALine = layout.skipped(row);
            if (notALine.isPresent()) {
                skipped.add(new StatementRefusal(number, notALine.get()));
                continue;
            }
            try {
                StatementLine line = checked(layout.read(row), days);
                StatementLine earlier = lines.putIfAbsent(line.lineId().value(), line);
                if (earlier != null) {
                    if (!earlier.sameAs(line)) {
                        refused.add(new StatementRefusal(number, "line id " + line.lineId() + " is also on line "
                                + earlier.number() + " with other figures"));
                    } else {
                        repeated++;
                    }
                }
            } catch (IllegalArgumentException unreadable) {
                refused.add(new StatementRefusal(number, unreadable.getMessage()));
            }
        }
        if (columns == null && refused.isEmpty()) {
            refused.add(new StatementRefusal(Math.max(number, 1), number == 0 ? "the file is empty"
                    : "no column row naming " + names(layout) + " (layout " + layout.id() + ")"));
        } else if (lines.isEmpty() && refused.isEmpty()) {
            refused.add(new StatementRefusal(number, "the file holds no statement lines"));
        }
        return new Parsed(List.copyOf(lines.values()), repeated, List.copyOf(skipped), List.copyOf(refused));
    }

    /** How many lines of account details may come before the column row of an export. */
    static final int MAX_LINES_BEFORE_COLUMNS = 30;

    /** How many lines the body has, counted as the reader counts them. */
    static int lineCount(byte[] body) {
        int lines = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n' && i + 1 < body.length || i == body.length - 1) {
                lines++;
            }
        }
        return lines;
    }

    /** The line's day and amount as a statement may have them: a day Canvass accepts and not after today; money moved. */
    private static StatementLine checked(StatementLine line, Days days) {
        if (line.day().isBefore(days.first()) || line.day().isAfter(days.today())) {
            throw new IllegalArgumentException("the day " + line.day() + " is not from " + days.first()
                    + " to today, " + days.today());
        }
        if (line.amount().isZero()) {
            throw new IllegalArgumentException("an amount of 0.00 moves no money");
        }
        return new StatementLine(line.number(), line.lineId(), line.day(), line.amount(), Row.reference(line.reference()));
    }

    /**
     * WeChat Pay's totals row starts with the number of orders, every row between the column row
     * and the totals: a file cut short lists fewer.
     */
    private static Optional<String> totalsDisagree(List<String> cells, int dataRows) {
        String count = cells.get(0).replace(",", "");
        if (!count.matches("\\d{1,9}")) {
            return Optional.of("the totals row's order count " + StatementLayout.quoted(count) + " is not a number");
        }
        return Integer.parseInt(count) == dataRows ? Optional.empty() : Optional.of("the totals count " + count
                + " orders but the file lists " + dataRows + ": it is not the whole statement");
    }

    /** The column row's columns by position, if these cells are the layout's column row. */
    private static Map<Column, Integer> columnRow(List<String> cells, StatementLayout layout) {
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            byName.putIfAbsent(name(cells.get(i)), i);
        }
        Map<Column, Integer> columns = new HashMap<>();
        for (Column column : layout.columns()) {
            column.names().stream().map(StatementFile::name).filter(byName::containsKey).findFirst()
                    .ifPresent(name -> columns.put(column, byName.get(name)));
            if (column.required() && !columns.containsKey(column)) {
                return null;
            }
        }
        return columns;
    }

    private static String names(StatementLayout layout) {
        return String.join(",", layout.columns().stream().filter(Column::required).map(Column::name).toList());
    }

    /** A column's name as compared: no spaces, ASCII parentheses, any case. */
    private static String name(String cell) {
        return cell.replace(" ", "").replace('（', '(').replace('）', ')').toLowerCase(Locale.ROOT);
    }

    /**
     * The cells of a CSV line (RFC 4180 quoting within the line), each cleaned of what exports add
     * around values: surrounding blanks and tabs, a leading backquote (WeChat Pay), {@code ="..."}.
     */
    static List<String> cells(String text) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(clean(cell.toString()));
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quoted value is not closed on its line");
        }
        cells.add(clean(cell.toString()));
        return cells;
    }

    private static String clean(String cell) {
        String clean = cell.strip().replace("\u3000", "").replace("\u00A0", "").strip();
        if (clean.startsWith("`")) {
            clean = clean.substring(1).strip();
        }
        if (clean.startsWith("=\"") && clean.endsWith("\"") && clean.length() >= 3) {
            clean = clean.substring(2, clean.length() - 1).strip();
        }
        return clean;
    }

    private static boolean startsWith(byte[] body, byte[] prefix) {
        if (body.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte value, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == value) {
                return i;
            }
        }
        return body.length;
    }
}
