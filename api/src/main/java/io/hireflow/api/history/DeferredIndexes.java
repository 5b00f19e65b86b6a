package io.hireflow.api.history;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.database.DateTimes;
import io.hireflow.api.database.SecondaryIndexes;
import io.hireflow.api.dictionary.Table;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Drops a table's secondary indexes before a load and builds them once, as a restore does: one sort
 * instead of an index update per row, which is what makes loads beyond the buffer pool slow. The load
 * builds them before its last rows when they fit in the buffer pool ({@link #fitInBufferPool}), else
 * after. The indexes are noted in {@code history_deferred_indexes} before the drop and the note goes
 * after the rebuild, so an index a dead load left dropped is found and rebuilt ({@link #rebuild}).
 */
@ApplicationScoped
class DeferredIndexes {

    /**
     * Bytes an index entry takes in the buffer pool, with room to spare. Measured on employees_hiring (a
     * DATETIME, two INTs and the INT key): 23 bytes a row built by sort over 8.5M rows, 39 over 10M once the
     * last 1.5M were inserted with it in place (their page splits leave pages half full).
     */
    static final long INDEX_BYTES_PER_ROW = 48;

    private final AgroalDataSource dataSource;

    DeferredIndexes(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Notes the table's secondary indexes, then drops them. */
    void drop(Table table, String loadId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Map<String, String> indexes = SecondaryIndexes.of(c, table.tableName());
            if (indexes.isEmpty()) {
                return;
            }
            try (PreparedStatement note = c.prepareStatement("INSERT INTO history_deferred_indexes (table_name, "
                    + "index_name, definition, load_id, dropped_at) VALUES (?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, String> index : indexes.entrySet()) {
                    note.setString(1, table.tableName());
                    note.setString(2, index.getKey());
                    note.setString(3, index.getValue());
                    note.setString(4, loadId);
                    DateTimes.bind(note, 5, Instant.now());
                    note.addBatch();
                }
                note.executeBatch();
            }
            execute(c, "ALTER TABLE " + table.tableName() + " " + indexes.keySet().stream()
                    .map(name -> "DROP INDEX " + name).collect(Collectors.joining(", ")));
        }
    }

    /**
     * Whether the noted indexes of {@code table} will take at most half the server's buffer pool
     * ({@link #INDEX_BYTES_PER_ROW} an entry each) once {@code rowsToCome} more rows are in, so that rows
     * inserted after they are built update them in memory. Without a change buffer (MariaDB 11, MySQL 8.4)
     * an index that does not fit makes every insert read a page from disk: ten times slower per row than
     * loading without it. The rows already in the table are the server's estimate, or {@code rowsKnown}
     * when that is larger (statistics lag behind a load).
     */
    boolean fitInBufferPool(Table table, long rowsKnown, long rowsToCome) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT @@innodb_buffer_pool_size, (SELECT COUNT(*) "
                        + "FROM history_deferred_indexes WHERE table_name = ?), (SELECT COALESCE(MAX(table_rows), 0) "
                        + "FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?)")) {
            select.setString(1, table.tableName());
            select.setString(2, table.tableName());
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                long pool = rs.getLong(1);
                long rows = Math.max(rs.getLong(3), rowsKnown) + rowsToCome;
                long bytes = rows * rs.getInt(2) * INDEX_BYTES_PER_ROW;
                boolean fit = bytes <= pool / 2;
                Log.infof("The deferred indexes of %s at %d rows: ~%d MB, the buffer pool %d MB: %s", table, rows,
                        bytes >> 20, pool >> 20, fit ? "built now, before the last rows" : "built after the last row");
                return fit;
            }
        }
    }

    /** The tables with indexes a load dropped and has not rebuilt yet. */
    Set<Table> pending() throws SQLException {
        Set<Table> tables = new TreeSet<>();
        try (Connection c = dataSource.getConnection();
                Statement select = c.createStatement();
                ResultSet rs = select.executeQuery("SELECT DISTINCT table_name FROM history_deferred_indexes")) {
            while (rs.next()) {
                for (Table table : Table.values()) {
                    if (table.tableName().equals(rs.getString(1))) {
                        tables.add(table);
                    }
                }
            }
        }
        return tables;
    }

    boolean pending(Table table) throws SQLException {
        return pending().contains(table);
    }

    /**
     * Builds the noted indexes of a table that it lacks (in one ALTER: one pass over the rows), then
     * forgets the notes. Does nothing when there are none. Returns the names rebuilt.
     */
    List<String> rebuild(Table table) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Map<String, String> noted = new LinkedHashMap<>();
            try (PreparedStatement select = c.prepareStatement("SELECT index_name, definition FROM "
                    + "history_deferred_indexes WHERE table_name = ? ORDER BY index_name")) {
                select.setString(1, table.tableName());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        noted.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            if (noted.isEmpty()) {
                return List.of();
            }
            // A restore in between may have brought some back already (it copies the live table's shape).
            noted.keySet().removeAll(SecondaryIndexes.of(c, table.tableName()).keySet());
            long started = System.nanoTime();
            if (!noted.isEmpty()) {
                execute(c, "ALTER TABLE " + table.tableName() + " " + String.join(", ", noted.values()));
                Log.infof("Built %s of %s in %.1f s", noted.keySet(), table, (System.nanoTime() - started) / 1e9);
            }
            try (PreparedStatement forget = c.prepareStatement(
                    "DELETE FROM history_deferred_indexes WHERE table_name = ?")) {
                forget.setString(1, table.tableName());
                forget.executeUpdate();
            }
            return new ArrayList<>(noted.keySet());
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
