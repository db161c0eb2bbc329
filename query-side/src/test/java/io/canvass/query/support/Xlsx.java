package io.canvass.query.support;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A workbook read back as a spreadsheet program reads it (Apache POI's full reader, not the
 * streaming writer that made it): sheets by name, columns by their header, and money cells
 * checked to be numbers in the yuan format with two decimals.
 */
public final class Xlsx {

    private final XSSFWorkbook workbook;

    public Xlsx(byte[] file) {
        try {
            this.workbook = new XSSFWorkbook(new ByteArrayInputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> sheetNames() {
        List<String> names = new ArrayList<>();
        workbook.forEach(sheet -> names.add(sheet.getSheetName()));
        return names;
    }

    public Sheet sheet(String name) {
        Sheet sheet = workbook.getSheet(name);
        assertThat(sheet).as("sheet " + name + " of " + sheetNames()).isNotNull();
        return sheet;
    }

    /** The cell under a header, in the row whose first cell is {@code first} ("Total", a contract id, a field). */
    public Cell cell(String sheetName, String first, String header) {
        Sheet sheet = sheet(sheetName);
        int column = column(sheet, header);
        for (Row row : sheet) {
            if (row.getRowNum() > 0 && row.getCell(0) != null && row.getCell(0).getCellType() == CellType.STRING
                    && row.getCell(0).getStringCellValue().equals(first)) {
                return row.getCell(column);
            }
        }
        throw new AssertionError("no row " + first + " in sheet " + sheetName);
    }

    /** A money cell: a number (not text) in the yuan format with two decimals; its exact amount. */
    public BigDecimal money(String sheetName, String first, String header) {
        Cell cell = cell(sheetName, first, header);
        assertThat(cell.getCellType()).as(sheetName + " " + first + " " + header).isEqualTo(CellType.NUMERIC);
        assertThat(cell.getCellStyle().getDataFormatString()).contains("¥").endsWith("#,##0.00");
        // the file holds the number as the shortest decimal of its double: two decimals at most
        BigDecimal amount = new BigDecimal(Double.toString(cell.getNumericCellValue()));
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    /** A Summary figure: the value cell of the row named {@code field}. */
    public Cell summary(String field) {
        return cell("Summary", field, "value");
    }

    public LocalDate day(Cell cell) {
        assertThat(cell.getCellType()).isEqualTo(CellType.NUMERIC);
        assertThat(DateUtil.isCellDateFormatted(cell)).as("a date, formatted as one").isTrue();
        return cell.getLocalDateTimeCellValue().toLocalDate();
    }

    public int rows(String sheetName) {
        return sheet(sheetName).getLastRowNum() + 1;
    }

    public boolean frozenBelowHeader(String sheetName) {
        var pane = sheet(sheetName).getPaneInformation();
        return pane != null && pane.isFreezePane() && pane.getHorizontalSplitPosition() == 1;
    }

    private static int column(Sheet sheet, String header) {
        Row headers = sheet.getRow(0);
        for (Cell cell : headers) {
            if (cell.getStringCellValue().equals(header)) {
                return cell.getColumnIndex();
            }
        }
        throw new AssertionError("no column " + header + " in sheet " + sheet.getSheetName());
    }
}
