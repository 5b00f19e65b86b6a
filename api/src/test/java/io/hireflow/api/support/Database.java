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

    /** Empties the dictionary tables, the history bookkeeping and the rejects. */
    public void clear() {
        for (Table table : Table.values()) {
            update("DELETE FROM " + table.tableName());
        }
        update("DELETE FROM history_manifest");
        update("DELETE FROM history_load_tables");
        update("DELETE FROM history_loads");
        update("DELETE FROM rejected_rows");
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
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of the first row, as text. */
    public String text(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public void seedDepartmentsAndJobs(int departments, int jobs) {
        StringBuilder d = new StringBuilder("INSERT INTO departments VALUES ");
        for (int i = 1; i <= departments; i++) {
            d.append(i > 1 ? "," : "").append("(").append(i).append(",'Department ").append(i).append("')");
        }
        update(d.toString());
        StringBuilder j = new StringBuilder("INSERT INTO jobs VALUES ");
        for (int i = 1; i <= jobs; i++) {
            j.append(i > 1 ? "," : "").append("(").append(i).append(",'Job ").append(i).append("')");
        }
        update(j.toString());
    }
}
