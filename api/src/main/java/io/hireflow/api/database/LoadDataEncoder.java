package io.hireflow.api.database;

import io.hireflow.api.dictionary.Table;

/**
 * The {@code LOAD DATA} statement that reads the tab-separated text {@link TsvBytes} writes; shared
 * by history loads and restores.
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
}
