package io.canvass.command.settlement;

/** A line of a statement file that could not be read, and why; {@code line} counts from 1. */
record StatementRefusal(int line, String reason) {
}
