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
 * Drops a table's secondary indexes before a load and builds them once after it, as a restore does:
 * one sort instead of an index update per row, which is what makes loads beyond the buffer pool slow.
 * The indexes are noted in {@code history_deferred_indexes} before the drop and the note goes after
 * the rebuild, so an index a dead load left dropped is found and rebuilt ({@link #rebuild}).
 */
@ApplicationScoped
class DeferredIndexes {

    private final AgroalDataSource dataSource;

    DeferredIndexes(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Notes the table's secondary indexes, then drops them; returns their names. */
    List<String> drop(Table table, String loadId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Map<String, String> indexes = SecondaryIndexes.of(c, table.tableName());
            if (indexes.isEmpty()) {
                return List.of();
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
            return List.copyOf(indexes.keySet());
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
