package io.hireflow.api.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A table's secondary indexes as {@code ADD INDEX} clauses, for loads that drop them and build them once after. */
public final class SecondaryIndexes {

    private SecondaryIndexes() {
    }

    /** Index name to the {@code ADD [UNIQUE] INDEX} clause that rebuilds it, from information_schema. */
    public static Map<String, String> of(Connection connection, String tableName) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        Map<String, Boolean> unique = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT index_name, column_name, non_unique "
                + "FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? "
                + "AND index_name <> 'PRIMARY' ORDER BY index_name, seq_in_index")) {
            select.setString(1, tableName);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    unique.put(rs.getString(1), rs.getInt(3) == 0);
                }
            }
        }
        Map<String, String> clauses = new LinkedHashMap<>();
        columns.forEach((name, cols) -> clauses.put(name, "ADD " + (unique.get(name) ? "UNIQUE " : "") + "INDEX "
                + name + " (" + String.join(", ", cols) + ")"));
        return clauses;
    }
}
