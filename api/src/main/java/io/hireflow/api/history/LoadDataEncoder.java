package io.hireflow.api.history;

import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.Table;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes typed rows as the tab-separated text that {@code LOAD DATA} reads, and the statement that
 * reads it. Text is escaped so a tab, newline or backslash inside a name arrives unchanged.
 */
final class LoadDataEncoder {

    private static final DateTimeFormatter SQL_DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private LoadDataEncoder() {
    }

    static String statement(Table table) {
        String columns = table.columns().stream().map(Column::name).collect(Collectors.joining(", "));
        return "LOAD DATA LOCAL INFILE '" + table.tableName() + ".tsv' INTO TABLE " + table.tableName()
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\'"
                + " LINES TERMINATED BY '\\n' (" + columns + ")";
    }

    static void append(StringBuilder out, List<Column> columns, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            Object value = values[i];
            if (value instanceof Integer number) {
                out.append(number.intValue());
            } else if (value instanceof Instant instant) {
                SQL_DATETIME.formatTo(LocalDateTime.ofInstant(instant, ZoneOffset.UTC), out);
            } else {
                escape(out, (String) value);
            }
        }
        out.append('\n');
    }

    private static void escape(StringBuilder out, String text) {
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
