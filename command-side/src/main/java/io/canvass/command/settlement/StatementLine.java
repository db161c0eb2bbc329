package io.canvass.command.settlement;

import io.canvass.events.Money;
import io.canvass.events.settlement.StatementLineId;

import java.time.LocalDate;

/**
 * A line read from a statement file, with the number of the file's line it was read from (so that
 * finance can find it).
 */
record StatementLine(int number, StatementLineId lineId, LocalDate day, Money amount, String reference) {

    /**
     * Whether the other line records the same money: same id, day and amount. The reference is
     * text around it (an export and a typed file word it differently): the first one recorded stays.
     */
    boolean sameAs(StatementLine other) {
        return lineId.equals(other.lineId) && day.equals(other.day) && amount.equals(other.amount);
    }
}
