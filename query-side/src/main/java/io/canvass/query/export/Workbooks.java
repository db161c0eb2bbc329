package io.canvass.query.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.canvass.events.Money;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.http.MediaType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An answer as the workbook finance opens (docs/finance.md, "Exports"), built from the answer's
 * own shape as its JSON is (Jackson's view of its properties), so a field added to an answer is a
 * column of its workbook with nothing else to change:
 * <ul>
 *   <li>a first sheet "Summary": every single figure of the answer, one row each, named by its
 *       JSON path ({@code totals.collected}), and a first row saying STALE when the answer is;</li>
 *   <li>a sheet for every list and every map of records ({@code contracts}, {@code byChannel},
 *       {@code statement.bySalesperson}, ...), a row an item, a column a field (nested records
 *       flattened: {@code difference.collected}), and a last row "Total": the answer's own totals
 *       beside it ({@code totals}, or {@code adjustmentTotals} for {@code adjustments}) where they
 *       name its columns (they are what reconciliation counts, docs/domain.md#reconciliation-totals,
 *       not a column's sum), else the exact sum of its money columns.</li>
 * </ul>
 * Money is a number with two decimals in the yuan format, days are dates, instants are the branch's
 * local date and time; a header row, frozen panes and a filter on every sheet.
 */
public final class Workbooks {

    public static final MediaType XLSX = MediaType.parseMediaType(Exports.XLSX);
    /** Excel's own currency format for yuan (locale 804, zh-CN): {@code ¥1,380.00}, {@code -¥400.00}. */
    static final String YUAN = "[$¥-804]#,##0.00";
    static final String DAY = "yyyy-mm-dd";
    static final String DAY_TIME = "yyyy-mm-dd hh:mm:ss";
    static final String STALE = "STALE: the read models had not caught up with every event this answer reads when it"
            + " was made, so its figures may be behind (docs/freshness.md); ask again with minPosition";
    /** A sheet's name: at most 31 characters, none of these (the file format's rules). */
    private static final int SHEET_NAME = 31;
    private static final String NOT_IN_SHEET_NAMES = "[\\[\\]:*?/\\\\]";
    /** Rows kept in memory while writing: the rest go to a compressed temporary file. */
    private static final int WINDOW = 200;
    private static final int WIDEST = 60;

    enum Kind {
        TEXT, MONEY, DAY, DAY_TIME, INTEGER, BOOLEAN
    }

    private record Column(String name, Kind kind, Function<Object, Object> value) {
    }

    private record Table(String name, List<Column> columns, Collection<?> rows, Map<String, Object> totals) {
    }

    private final ObjectMapper json;
    private final ZoneId zone;
    private final Map<JavaType, List<BeanPropertyDefinition>> properties = new ConcurrentHashMap<>();

    public Workbooks(ObjectMapper json, ZoneId zone) {
        this.json = json;
        this.zone = zone;
    }

    /** The workbook of an answer (a record, as its JSON). */
    public byte[] write(Object answer, boolean stale) {
        List<Object[]> summary = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        walk(answer, json.constructType(answer.getClass()), "", summary, tables);
        SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
        workbook.setCompressTempFiles(true);
        try {
            Styles styles = new Styles(workbook);
            Set<String> names = new HashSet<>();
            writeSummary(workbook.createSheet(sheetName("Summary", names)), summary, stale, styles);
            for (Table table : tables) {
                writeTable(workbook.createSheet(sheetName(table.name(), names)), table, styles);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            workbook.dispose();
            try {
                workbook.close();
            } catch (IOException ignored) {
                // written already or failed above: nothing more to give back
            }
        }
    }

    /** The answer's single figures to {@code summary} (path, kind, value), its lists and maps of records to {@code tables}. */
    private void walk(Object bean, JavaType type, String prefix, List<Object[]> summary, List<Table> tables) {
        for (BeanPropertyDefinition property : properties(type)) {
            JavaType propertyType = property.getPrimaryType();
            String name = prefix + property.getName();
            Object value = property.getAccessor().getValue(bean);
            boolean table = (propertyType.isCollectionLikeType() || propertyType.isMapLikeType())
                    && isRecord(propertyType.getContentType());
            if (table) {
                boolean empty = value == null || (value instanceof Collection<?> c ? c.isEmpty() : ((Map<?, ?>) value).isEmpty());
                if (empty && property.findInclusion().getValueInclusion() == JsonInclude.Include.NON_EMPTY) {
                    continue; // the JSON leaves it out too (the dead letters of a fresh answer)
                }
                tables.add(table(name, property.getName(), propertyType, value, totalsBeside(bean, type, property.getName())));
            } else if (isRecord(propertyType) && value != null) {
                walk(value, propertyType, name + ".", summary, tables);
            } else {
                summary.add(new Object[] {name, kind(propertyType), value});
            }
        }
    }

    private Table table(String path, String name, JavaType type, Object value, Map<String, Object> totals) {
        JavaType item = type.getContentType();
        List<Column> columns = new ArrayList<>();
        Collection<?> rows;
        if (type.isMapLikeType()) {
            // byChannel -> a first column "channel" holding the keys
            String key = name.startsWith("by") && name.length() > 2
                    ? Character.toLowerCase(name.charAt(2)) + name.substring(3) : "key";
            columns.add(new Column(key, Kind.TEXT, entry -> ((Map.Entry<?, ?>) entry).getKey()));
            for (Column column : columns(item, "")) {
                columns.add(new Column(column.name(), column.kind(),
                        entry -> column.value().apply(((Map.Entry<?, ?>) entry).getValue())));
            }
            rows = value == null ? List.of() : ((Map<?, ?>) value).entrySet();
        } else {
            columns.addAll(columns(item, ""));
            rows = value == null ? List.of() : (Collection<?>) value;
        }
        return new Table(path, columns, rows, totals);
    }

    /** A record's fields as columns, nested records flattened ({@code difference.collected}). */
    private List<Column> columns(JavaType type, String prefix) {
        List<Column> columns = new ArrayList<>();
        for (BeanPropertyDefinition property : properties(type)) {
            JavaType propertyType = property.getPrimaryType();
            AnnotatedMember accessor = property.getAccessor();
            Function<Object, Object> get = bean -> bean == null ? null : accessor.getValue(bean);
            if (isRecord(propertyType)) {
                for (Column nested : columns(propertyType, prefix + property.getName() + ".")) {
                    columns.add(new Column(nested.name(), nested.kind(), bean -> nested.value().apply(get.apply(bean))));
                }
            } else {
                columns.add(new Column(prefix + property.getName(), kind(propertyType), get));
            }
        }
        return columns;
    }

    /**
     * The answer's totals for a table, by the last segment of their names ({@code collected}):
     * its sibling {@code totals}, or {@code <table>Totals}; null when it has none.
     */
    private Map<String, Object> totalsBeside(Object bean, JavaType type, String table) {
        for (BeanPropertyDefinition property : properties(type)) {
            String name = property.getName();
            if ((name.equals("totals") || name.equals(table + "Totals")) && isRecord(property.getPrimaryType())) {
                Object totals = property.getAccessor().getValue(bean);
                if (totals == null) {
                    return null;
                }
                Map<String, Object> figures = new HashMap<>();
                for (Column column : columns(property.getPrimaryType(), "")) {
                    figures.put(last(column.name()), column.value().apply(totals));
                }
                return figures;
            }
        }
        return null;
    }

    /** The properties Jackson writes of a type, as its JSON has them (introspected once a type). */
    private List<BeanPropertyDefinition> properties(JavaType type) {
        return properties.computeIfAbsent(type, t -> {
            List<BeanPropertyDefinition> found = json.getSerializationConfig().introspect(t).findProperties().stream()
                    .filter(p -> p.couldSerialize() && p.getAccessor() != null).toList();
            // answers are package-private records: read them as Jackson's serializers do
            found.forEach(p -> p.getAccessor().fixAccess(true));
            return found;
        });
    }

    /** A record other than Money (which is a figure): its fields are flattened or become a sheet. */
    private static boolean isRecord(JavaType type) {
        return type != null && type.getRawClass().isRecord() && type.getRawClass() != Money.class;
    }

    private static Kind kind(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == Money.class) {
            return Kind.MONEY;
        } else if (raw == LocalDate.class) {
            return Kind.DAY;
        } else if (raw == Instant.class) {
            return Kind.DAY_TIME;
        } else if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class
                || raw == short.class || raw == Short.class) {
            return Kind.INTEGER;
        } else if (raw == boolean.class || raw == Boolean.class) {
            return Kind.BOOLEAN;
        }
        return Kind.TEXT;
    }

    private void writeSummary(Sheet sheet, List<Object[]> figures, boolean stale, Styles styles) {
        Widths widths = new Widths(2);
        int r = 0;
        header(sheet.createRow(r++), List.of("field", "value"), styles, widths);
        if (stale) {
            Row row = sheet.createRow(r++);
            cell(row, 0, Kind.TEXT, "STALE", styles.bold, widths);
            cell(row, 1, Kind.TEXT, STALE, styles.bold, widths);
        }
        for (Object[] figure : figures) {
            Row row = sheet.createRow(r++);
            Kind kind = (Kind) figure[1];
            cell(row, 0, Kind.TEXT, label((String) figure[0], kind), styles.text, widths);
            cell(row, 1, kind, figure[2], styles.of(kind, false), widths);
        }
        sheet.createFreezePane(1, 1);
        widths.apply(sheet);
    }

    private void writeTable(Sheet sheet, Table table, Styles styles) {
        List<Column> columns = table.columns();
        Widths widths = new Widths(columns.size());
        header(sheet.createRow(0), columns.stream().map(c -> label(c.name(), c.kind())).toList(), styles, widths);
        BigDecimal[] sums = new BigDecimal[columns.size()];
        int r = 1;
        for (Object item : table.rows()) {
            Row row = sheet.createRow(r++);
            for (int c = 0; c < columns.size(); c++) {
                Column column = columns.get(c);
                Object value = column.value().apply(item);
                cell(row, c, column.kind(), value, styles.of(column.kind(), false), widths);
                if (column.kind() == Kind.MONEY && value != null) {
                    sums[c] = (sums[c] == null ? BigDecimal.ZERO : sums[c]).add(((Money) value).amount());
                }
            }
        }
        sheet.createFreezePane(1, 1);
        sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, r - 1), 0, columns.size() - 1));
        totals(sheet, r, table, sums, styles, widths);
        widths.apply(sheet);
    }

    /**
     * The "Total" row: the answer's own totals where they name the table's columns, else the exact
     * sums of its money columns; none for a table without figures.
     */
    private void totals(Sheet sheet, int r, Table table, BigDecimal[] sums, Styles styles, Widths widths) {
        List<Column> columns = table.columns();
        Map<String, Object> given = table.totals();
        boolean own = given != null && columns.stream().anyMatch(c -> figure(c.kind()) && given.containsKey(last(c.name())));
        boolean money = columns.stream().anyMatch(c -> c.kind() == Kind.MONEY);
        if (!own && !money) {
            return;
        }
        Row row = sheet.createRow(r);
        cell(row, 0, Kind.TEXT, "Total", styles.bold, widths);
        for (int c = 1; c < columns.size(); c++) {
            Column column = columns.get(c);
            if (own) {
                Object value = given.get(last(column.name()));
                if (figure(column.kind()) && value != null) {
                    cell(row, c, column.kind(), value, styles.of(column.kind(), true), widths);
                }
            } else if (column.kind() == Kind.MONEY) {
                cell(row, c, Kind.MONEY, new Money(sums[c] == null ? BigDecimal.ZERO : sums[c]), styles.money(true), widths);
            }
        }
    }

    private static boolean figure(Kind kind) {
        return kind == Kind.MONEY || kind == Kind.INTEGER;
    }

    private void header(Row row, List<String> names, Styles styles, Widths widths) {
        for (int c = 0; c < names.size(); c++) {
            cell(row, c, Kind.TEXT, names.get(c), styles.bold, widths);
        }
    }

    /** A header says the zone of the local times under it: a spreadsheet has no zones. */
    private String label(String name, Kind kind) {
        return kind == Kind.DAY_TIME ? name + " (" + zone + ")" : name;
    }

    private void cell(Row row, int c, Kind kind, Object value, CellStyle style, Widths widths) {
        Cell cell = row.createCell(c);
        cell.setCellStyle(style);
        if (value == null) {
            return;
        }
        switch (kind) {
            case MONEY -> number(cell, ((Money) value).amount());
            case INTEGER -> number(cell, BigDecimal.valueOf(((Number) value).longValue()));
            case DAY -> cell.setCellValue((LocalDate) value);
            case DAY_TIME -> cell.setCellValue(LocalDateTime.ofInstant((Instant) value, zone));
            case BOOLEAN -> cell.setCellValue((Boolean) value);
            case TEXT -> cell.setCellValue(text(value));
        }
        widths.saw(c, switch (kind) {
            case MONEY -> ((Money) value).amount().precision() + 5;
            case DAY -> DAY.length();
            case DAY_TIME -> DAY_TIME.length();
            case TEXT -> cell.getStringCellValue().length();
            default -> value.toString().length();
        });
    }

    /**
     * A spreadsheet's numbers are binary floating point (ECMA-376 stores an IEEE double); a decimal
     * of at most 15 significant digits converts to the double nearest it, which reads back as the
     * same decimal, so the cell holds exactly the amount. This is the one place a double appears,
     * handed straight to the file; larger amounts (a trillion yuan and more) are refused rather than
     * rounded. Money stays BigDecimal everywhere else: the double exists only because the file format
     * has no other number (docs/finance.md#exports, "Choices").
     */
    private static void number(Cell cell, BigDecimal amount) {
        if (amount.precision() - amount.scale() > 13) {
            throw new IllegalStateException("an amount of " + amount.toPlainString()
                    + " has more digits than a spreadsheet keeps exactly");
        }
        cell.setCellValue(amount.doubleValue());
    }

    /** A list in a cell: items separated by "; ", an item of a record its fields by blanks ("c-2/DEPOSIT/p-2 200.00"). */
    private String text(Object value) {
        if (value instanceof Collection<?> items) {
            return String.join("; ", items.stream().map(this::text).toList());
        } else if (value instanceof Map<?, ?> map) {
            return String.join("; ", map.entrySet().stream().map(e -> e.getKey() + ": " + text(e.getValue())).toList());
        } else if (value instanceof Enum<?> constant) {
            return constant.name();
        } else if (value.getClass().isRecord() && !(value instanceof Money)) {
            List<String> fields = new ArrayList<>();
            for (Column column : columns(json.constructType(value.getClass()), "")) {
                Object field = column.value().apply(value);
                if (field != null) {
                    fields.add(text(field));
                }
            }
            return String.join(" ", fields);
        }
        return value.toString();
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** A unique sheet name within the file format's limits: the path's last segments that fit. */
    private static String sheetName(String path, Set<String> taken) {
        String name = path.replaceAll(NOT_IN_SHEET_NAMES, "_");
        while (name.length() > SHEET_NAME && name.indexOf('.') > 0) {
            name = name.substring(name.indexOf('.') + 1);
        }
        name = name.length() > SHEET_NAME ? name.substring(0, SHEET_NAME) : name;
        String unique = name;
        for (int n = 2; !taken.add(unique.toLowerCase(java.util.Locale.ROOT)); n++) {
            String suffix = " " + n;
            unique = name.substring(0, Math.min(name.length(), SHEET_NAME - suffix.length())) + suffix;
        }
        return unique;
    }

    /** The workbook's cell styles, made once (a file holds at most 64,000). */
    private static final class Styles {
        final CellStyle text;
        final CellStyle bold;
        private final Map<String, CellStyle> made = new LinkedHashMap<>();
        private final SXSSFWorkbook workbook;
        private final Font boldFont;

        Styles(SXSSFWorkbook workbook) {
            this.workbook = workbook;
            this.boldFont = workbook.createFont();
            boldFont.setBold(true);
            this.text = workbook.createCellStyle();
            this.bold = style(null, true);
        }

        CellStyle money(boolean total) {
            return style(YUAN, total);
        }

        CellStyle of(Kind kind, boolean total) {
            return switch (kind) {
                case MONEY -> style(YUAN, total);
                case DAY -> style(DAY, total);
                case DAY_TIME -> style(DAY_TIME, total);
                case INTEGER -> style("0", total);
                default -> total ? bold : text;
            };
        }

        private CellStyle style(String format, boolean total) {
            return made.computeIfAbsent(format + "/" + total, key -> {
                CellStyle style = workbook.createCellStyle();
                if (format != null) {
                    style.setDataFormat(workbook.createDataFormat().getFormat(format));
                }
                if (total) {
                    style.setFont(boldFont);
                }
                return style;
            });
        }
    }

    /** Column widths from what was written (a streamed sheet cannot measure itself afterwards). */
    private static final class Widths {
        private final int[] longest;

        Widths(int columns) {
            longest = new int[columns];
        }

        void saw(int column, int length) {
            longest[column] = Math.max(longest[column], length);
        }

        void apply(Sheet sheet) {
            for (int c = 0; c < longest.length; c++) {
                sheet.setColumnWidth(c, Math.min(WIDEST, Math.max(8, longest[c] + 2)) * 256);
            }
        }
    }
}
