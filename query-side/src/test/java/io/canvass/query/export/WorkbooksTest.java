package io.canvass.query.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canvass.events.Money;
import io.canvass.query.support.Xlsx;
import org.apache.poi.ss.usermodel.CellType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Any answer's workbook, from its shape alone (docs/finance.md, "Exports"). */
class WorkbooksTest {

    record Inner(Money collected, int count) {
    }

    record Line(String id, Money amount, LocalDate day, Instant at, long days, List<String> flags, Inner inner,
                List<Inner> parts) {
    }

    record Totals(Money amount, Money collected, int count) {
    }

    record Other(String name, Money paid) {
    }

    record Freshness(long position, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Other> parked) {
    }

    record Answer(Freshness asOf, boolean stale, LocalDate date, Totals totals, List<Line> lines,
                  Map<String, Totals> byChannel, List<Other> others, Inner nothing) {
    }

    static final Workbooks WORKBOOKS = new Workbooks(new ObjectMapper(), ZoneId.of("Asia/Shanghai"));
    static final Instant AT = Instant.parse("2026-03-02T02:30:00Z");

    static Answer answer(boolean stale) {
        Map<String, Totals> byChannel = new LinkedHashMap<>();
        byChannel.put("HAIR_SALON", new Totals(Money.parse("1380.00"), Money.parse("1000.00"), 1));
        byChannel.put("HOTEL", new Totals(Money.parse("-400.05"), Money.parse("0.00"), 1));
        return new Answer(new Freshness(41, List.of()), stale, LocalDate.parse("2026-03-31"),
                // not the lines' sums: the answer's totals are what it counts (a cancelled line's value is not)
                new Totals(Money.parse("979.95"), Money.parse("1000.00"), 7),
                List.of(new Line("c-1", Money.parse("1380.00"), LocalDate.parse("2026-03-02"), AT, 29,
                                List.of("UNSETTLED", "AMOUNT_DIFFERS"), new Inner(Money.parse("1000.00"), 1),
                                List.of(new Inner(Money.parse("1.50"), 2))),
                        new Line("c-2", Money.parse("-400.05"), LocalDate.parse("2026-03-03"), null, 28, List.of(),
                                new Inner(Money.parse("0.00"), 0), List.of())),
                byChannel, List.of(new Other("a", Money.parse("0.10")), new Other("b", Money.parse("0.20"))), null);
    }

    @Test
    void every_list_and_map_of_records_is_a_sheet_and_every_single_figure_a_summary_row() {
        Xlsx xlsx = new Xlsx(WORKBOOKS.write(answer(false), false));
        assertThat(xlsx.sheetNames()).containsExactly("Summary", "lines", "byChannel", "others");
        assertThat(xlsx.summary("asOf.position").getNumericCellValue()).isEqualTo(41);
        assertThat(xlsx.summary("stale").getBooleanCellValue()).isFalse();
        assertThat(xlsx.day(xlsx.summary("date"))).isEqualTo(LocalDate.parse("2026-03-31"));
        assertThat(xlsx.money("Summary", "totals.amount", "value")).isEqualByComparingTo("979.95");
        assertThat(xlsx.summary("nothing").getCellType()).as("a null record is a blank").isEqualTo(CellType.BLANK);
        assertThat(xlsx.sheet("Summary").getRow(1).getCell(0).getStringCellValue()).isNotEqualTo("STALE");
        for (String sheet : xlsx.sheetNames()) {
            assertThat(xlsx.frozenBelowHeader(sheet)).as(sheet).isTrue();
        }
    }

    @Test
    void money_is_a_number_in_yuan_days_are_dates_and_lists_in_a_cell_are_text() {
        Xlsx xlsx = new Xlsx(WORKBOOKS.write(answer(false), false));
        assertThat(xlsx.money("lines", "c-1", "amount")).isEqualByComparingTo("1380.00");
        assertThat(xlsx.money("lines", "c-2", "amount")).isEqualByComparingTo("-400.05");
        assertThat(xlsx.money("lines", "c-1", "inner.collected")).isEqualByComparingTo("1000.00");
        assertThat(xlsx.day(xlsx.cell("lines", "c-1", "day"))).isEqualTo(LocalDate.parse("2026-03-02"));
        // the branch's local time, said in the header: 02:30 UTC is 10:30 in Harbin
        assertThat(xlsx.cell("lines", "c-1", "at (Asia/Shanghai)").getLocalDateTimeCellValue())
                .isEqualTo("2026-03-02T10:30:00");
        assertThat(xlsx.cell("lines", "c-2", "at (Asia/Shanghai)").getCellType()).isEqualTo(CellType.BLANK);
        assertThat(xlsx.cell("lines", "c-1", "days").getNumericCellValue()).isEqualTo(29);
        assertThat(xlsx.cell("lines", "c-1", "flags").getStringCellValue()).isEqualTo("UNSETTLED; AMOUNT_DIFFERS");
        assertThat(xlsx.cell("lines", "c-1", "parts").getStringCellValue()).isEqualTo("1.50 2");
        assertThat(xlsx.cell("byChannel", "HOTEL", "channel").getStringCellValue()).isEqualTo("HOTEL");
        assertThat(xlsx.money("byChannel", "HOTEL", "amount")).isEqualByComparingTo("-400.05");
    }

    @Test
    void a_table_totals_with_the_answers_own_totals_where_they_name_its_columns_else_its_money_summed() {
        Xlsx xlsx = new Xlsx(WORKBOOKS.write(answer(false), false));
        assertThat(xlsx.money("lines", "Total", "amount")).as("the answer's, not the column's sum 979.95")
                .isEqualByComparingTo("979.95");
        assertThat(xlsx.money("lines", "Total", "inner.collected")).isEqualByComparingTo("1000.00");
        assertThat(xlsx.cell("lines", "Total", "inner.count").getNumericCellValue()).isEqualTo(7);
        assertThat(xlsx.money("byChannel", "Total", "amount")).isEqualByComparingTo("979.95");
        assertThat(xlsx.money("others", "Total", "paid")).as("0.10 + 0.20, exactly").isEqualByComparingTo("0.30");
        assertThat(xlsx.rows("lines")).as("header, 2 lines, Total").isEqualTo(4);
    }

    @Test
    void a_stale_answer_says_so_on_its_first_sheet() {
        Xlsx xlsx = new Xlsx(WORKBOOKS.write(answer(true), true));
        assertThat(xlsx.sheet("Summary").getRow(1).getCell(0).getStringCellValue()).isEqualTo("STALE");
        assertThat(xlsx.summary("STALE").getStringCellValue()).contains("may be behind", "minPosition");
    }

    @Test
    void sheet_names_keep_within_31_characters_and_stay_unique() {
        record Deep(List<Other> aVeryLongNameForAListOfOthersX, List<Other> aVeryLongNameForAListOfOthersY) {
        }
        record Top(Deep statement) {
        }
        Xlsx xlsx = new Xlsx(WORKBOOKS.write(new Top(new Deep(List.of(), List.of())), false));
        assertThat(xlsx.sheetNames()).containsExactly("Summary", "aVeryLongNameForAListOfOthersX",
                "aVeryLongNameForAListOfOthersY");
        record Long2(List<Other> aVeryVeryLongNameForAListOfOthersOne, List<Other> aVeryVeryLongNameForAListOfOthersTwo) {
        }
        assertThat(new Xlsx(WORKBOOKS.write(new Long2(List.of(), List.of()), false)).sheetNames())
                .containsExactly("Summary", "aVeryVeryLongNameForAListOfOthe", "aVeryVeryLongNameForAListOfOt 2");
    }

    @Test
    void an_amount_a_spreadsheet_cannot_hold_exactly_is_refused_not_rounded() {
        record Huge(Money amount) {
        }
        assertThat(new Xlsx(WORKBOOKS.write(new Huge(new Money(new BigDecimal("9999999999999.99"))), false))
                .money("Summary", "amount", "value")).isEqualByComparingTo("9999999999999.99");
        assertThatThrownBy(() -> WORKBOOKS.write(new Huge(new Money(new BigDecimal("10000000000000.00"))), false))
                .hasMessageContaining("more digits than a spreadsheet keeps exactly");
    }
}
