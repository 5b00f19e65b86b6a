package io.hireflow.api.database;

import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.Table;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SQL of a restore's tables: {@code <table>_staging}, loaded and checked while the live table is
 * untouched, swapped in with one {@code RENAME TABLE}, after which the live table waits as {@code <table>_old}
 * until the swap is proven. Every method runs on the connection it is given: after a swap, what follows must
 * see it (on a cluster another pooled connection may sit on a node that has not applied it yet).
 */
public final class StagingTables {

    private StagingTables() {
    }

    /** A child column whose rows point at parent ids that the staged parent does not have. */
    public record DanglingReference(Table child, Column column, long rows, List<Integer> firstMissingIds) {
    }

    /**
     * Creates the empty staging copy of {@code table} without its secondary indexes (built once, sorted, after
     * the load: cheaper than maintaining them row by row).
     *
     * @return the dropped indexes, to hand to {@link #buildIndexes}
     */
    public static Map<String, String> create(Connection connection, Table table) throws SQLException {
        String staging = staging(table);
        execute(connection, "CREATE TABLE " + staging + " LIKE " + table.tableName());
        Map<String, String> indexes = SecondaryIndexes.of(connection, staging);
        if (!indexes.isEmpty()) {
            execute(connection, "ALTER TABLE " + staging + " " + indexes.keySet().stream()
                    .map(name -> "DROP INDEX " + name).collect(Collectors.joining(", ")));
        }
        return indexes;
    }

    /** Streams tab-separated rows ({@link TsvBytes}) into the staging table; returns the rows the server loaded. */
    public static long load(Connection connection, Table table, InputStream tsv) throws SQLException {
        // Normal inserts: unique_checks=0 would bulk-load the empty table, but loads of parts of one table run side
        // by side.
        return LoadDataEncoder.load(connection, table, staging(table), tsv);
    }

    public static void buildIndexes(Connection connection, Table table, Map<String, String> indexes)
            throws SQLException {
        if (!indexes.isEmpty()) {
            execute(connection, "ALTER TABLE " + staging(table) + " " + String.join(", ", indexes.values()));
        }
    }

    /** Rows of {@code parent}'s children that would point at no row once the staged parent is swapped in. */
    public static List<DanglingReference> danglingReferences(Connection connection, Table parent) throws SQLException {
        List<DanglingReference> dangling = new ArrayList<>();
        for (Table child : parent.children()) {
            for (Column column : child.references().stream().filter(c -> c.references() == parent).toList()) {
                String missing = " FROM " + child.tableName() + " c WHERE NOT EXISTS (SELECT 1 FROM " + staging(parent)
                        + " p WHERE p." + parent.idColumn().name() + " = c." + column.name() + ")";
                List<Integer> ids = new ArrayList<>();
                try (Statement select = connection.createStatement();
                        ResultSet rs = select.executeQuery("SELECT DISTINCT c." + column.name() + missing
                                + " ORDER BY 1 LIMIT 100")) {
                    while (rs.next()) {
                        ids.add(rs.getInt(1));
                    }
                }
                if (!ids.isEmpty()) {
                    try (Statement count = connection.createStatement();
                            ResultSet rs = count.executeQuery("SELECT COUNT(*)" + missing)) {
                        rs.next();
                        dangling.add(new DanglingReference(child, column, rs.getLong(1), ids));
                    }
                }
            }
        }
        return dangling;
    }

    /** One atomic RENAME: each live table becomes {@code _old}, each staging table becomes the live one. */
    public static void swapIn(Connection connection, List<Table> tables) throws SQLException {
        execute(connection, "RENAME TABLE " + tables.stream().map(t -> t + " TO " + old(t) + ", " + staging(t)
                + " TO " + t).collect(Collectors.joining(", ")));
    }

    /** Undoes {@link #swapIn}: the previous tables are live again, the restored ones staging. */
    public static void swapBack(Connection connection, List<Table> tables) throws SQLException {
        execute(connection, "RENAME TABLE " + tables.stream().map(t -> t + " TO " + staging(t) + ", " + old(t)
                + " TO " + t).collect(Collectors.joining(", ")));
    }

    public static void dropOld(Connection connection, List<Table> tables) throws SQLException {
        for (Table table : tables) {
            execute(connection, "DROP TABLE " + old(table));
        }
    }

    /** Drops what an earlier, interrupted restore may have left behind (and this one, when it ends). */
    public static void dropLeftovers(Connection connection, List<Table> tables) throws SQLException {
        for (Table table : tables) {
            execute(connection, "DROP TABLE IF EXISTS " + staging(table) + ", " + old(table));
        }
    }

    static String staging(Table table) {
        return table.tableName() + "_staging";
    }

    static String old(Table table) {
        return table.tableName() + "_old";
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
