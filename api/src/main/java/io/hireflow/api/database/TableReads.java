package io.hireflow.api.database;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.dictionary.Table;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * The reads the API answers with directly (a row by id, a table's row count), each on a pooled connection
 * of its own and outside any transaction of the caller's: the resources ask, {@link TableRows} holds the SQL.
 */
@ApplicationScoped
public class TableReads {

    private final AgroalDataSource dataSource;

    TableReads(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The row with this id as a JSON-ready map (see {@link TableRows#read}), if there is one. */
    public Optional<Map<String, Object>> findById(Table table, int id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return TableRows.findById(connection, table, id);
        }
    }

    /** How many rows the table holds now. */
    public long count(Table table) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return TableRows.count(connection, table);
        }
    }
}
