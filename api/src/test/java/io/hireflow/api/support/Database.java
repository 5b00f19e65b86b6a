package io.hireflow.api.support;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.dictionary.Table;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Test helper: direct SQL on the real test database, to set up and to check what the API wrote. */
@ApplicationScoped
public class Database {

    @Inject
    AgroalDataSource dataSource;

    /** Empties the dictionary tables, the history bookkeeping and the rejects, and frees every lease. */
    public void clear() {
        for (Table table : Table.values()) {
            update("DELETE FROM " + table.tableName());
        }
        update("DELETE FROM history_manifest");
        update("DELETE FROM history_chunks");
        update("DELETE FROM history_load_tables");
        update("DELETE FROM history_loads");
        update("DELETE FROM rejected_rows");
        update("DELETE FROM idempotency_keys");
        update("UPDATE leases SET owner = NULL, purpose = NULL, acquired_at = NULL, expires_at = NULL");
    }

    public void update(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public long count(String sqlFromWhere) {
        return single("SELECT COUNT(*) FROM " + sqlFromWhere);
    }

    public long single(String sql) {
        return first(sql, rs -> rs.getLong(1));
    }

    /** The first column of the first row, as text. */
    public String text(String sql) {
        return first(sql, rs -> rs.getString(1));
    }

    public void seedDepartmentsAndJobs(int departments, int jobs) {
        seed("departments", "Department", departments);
        seed("jobs", "Job", jobs);
    }

    /** Rows 1..count of an id-and-name table, named "{@code name} i". */
    private void seed(String table, String name, int count) {
        StringBuilder sql = new StringBuilder("INSERT INTO " + table + " VALUES ");
        for (int i = 1; i <= count; i++) {
            sql.append(i > 1 ? "," : "").append("(").append(i).append(",'").append(name).append(" ").append(i)
                    .append("')");
        }
        update(sql.toString());
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The first row's value as {@code column} reads it. */
    private <T> T first(String sql, Column<T> column) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return column.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
