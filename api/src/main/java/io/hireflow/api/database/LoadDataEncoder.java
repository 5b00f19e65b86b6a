package io.hireflow.api.database;

import io.hireflow.api.dictionary.Table;
import io.hireflow.api.rows.TableRows;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes rows as the tab-separated text that {@code LOAD DATA} reads, and the statement that reads
 * it; shared by history loads and restores. Text is escaped so a tab, newline or backslash inside a
 * name arrives unchanged.
 */
public final class LoadDataEncoder {

    private LoadDataEncoder() {
    }

    /** Loads the stream into {@code targetTable} (the table itself, or its staging copy), columns named from the dictionary. */
    public static String statement(Table table, String targetTable) {
        String columns = TableRows.columnList(table);
        return "LOAD DATA LOCAL INFILE '" + table.tableName() + ".tsv' INTO TABLE " + targetTable
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\'"
                + " LINES TERMINATED BY '\\n' (" + columns + ")";
    }

    /** One row of typed values (Integer, String, Instant) in column order. */
    public static void append(StringBuilder out, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            Object value = values[i];
            if (value instanceof Integer number) {
                out.append(number.intValue());
            } else if (value instanceof Instant instant) {
                appendDateTime(out, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
            } else {
                escape(out, (String) value);
            }
        }
        out.append('\n');
    }

    /** {@code yyyy-MM-dd HH:mm:ss}, written by hand: a formatter costs more than the rest of the row. */
    private static void appendDateTime(StringBuilder out, LocalDateTime t) {
        pad(out, t.getYear(), 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append(' ');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2);
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        for (int limit = width == 4 ? 1000 : 10; limit > 1 && value < limit; limit /= 10) {
            out.append('0');
        }
        return out.append(value);
    }

    /** Text as LOAD DATA reads it back unchanged (backslash escapes). */
    public static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append("\\0");
                default -> out.append(c);
            }
        }
    }
}
