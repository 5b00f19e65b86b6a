package io.hireflow.api.database;

import com.mysql.cj.jdbc.JdbcStatement;
import io.hireflow.api.dictionary.Table;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code LOAD DATA LOCAL INFILE} of the tab-separated text {@link TsvBytes} writes: the one place that states
 * its dialect (tabs, backslash escapes, newlines, utf8mb4) and hands the driver the stream; shared by history
 * loads, their rejects and restores.
 */
public final class LoadDataEncoder {

    private LoadDataEncoder() {
    }

    /** Streams a dictionary table's rows into {@code targetTable} (the table itself, or its staging copy). */
    public static long load(Connection connection, Table table, String targetTable, InputStream tsv)
            throws SQLException {
        return load(connection, targetTable, TableRows.columnList(table), tsv);
    }

    /**
     * Streams rows into {@code targetTable}'s {@code columns} (comma-separated, in the text's order), in the
     * connection's transaction; returns the rows the server stored. LOAD DATA LOCAL only warns about a repeated
     * key: unique keys are the caller's to prove, or to check against the count.
     */
    public static long load(Connection connection, String targetTable, String columns, InputStream tsv)
            throws SQLException {
        try (Statement load = connection.createStatement()) {
            return execute(load, targetTable, columns, tsv);
        }
    }

    /**
     * Streams {@code rows} rows into a dictionary table and says whether the server stored each of them as sent:
     * exactly that many rows, and not one warning. LOAD DATA LOCAL turns what an INSERT refuses (a key already
     * taken, a value outside the column's range) into a warning and a skipped or altered row; on {@code false},
     * roll back what it stored and insert the rows with an INSERT, whose errors name the refused rows.
     */
    public static boolean loadsExactly(Connection connection, Table table, InputStream tsv, long rows)
            throws SQLException {
        try (Statement load = connection.createStatement()) {
            long stored = execute(load, table.tableName(), TableRows.columnList(table), tsv);
            // The driver knows the warning count from the server's answer: no SHOW WARNINGS unless there are some.
            return stored == rows && load.getWarnings() == null;
        }
    }

    private static long execute(Statement load, String targetTable, String columns, InputStream tsv)
            throws SQLException {
        load.unwrap(JdbcStatement.class).setLocalInfileInputStream(tsv);
        return load.executeLargeUpdate("LOAD DATA LOCAL INFILE '" + targetTable + ".tsv' INTO TABLE "
                + targetTable + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\'"
                + " LINES TERMINATED BY '\\n' (" + columns + ")");
    }
}
