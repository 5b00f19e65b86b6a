package io.hireflow.api.database;

import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.IdSet;
import io.hireflow.api.dictionary.Table;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/**
 * The SQL of the dictionary tables, derived from the dictionary: names and columns come only from
 * {@link Table}, values only through bound parameters.
 */
public final class TableRows {

    private TableRows() {
    }

    public static String columnList(Table table) {
        return table.columns().stream().map(Column::name).collect(Collectors.joining(", "));
    }

    public static String insertSql(Table table) {
        String marks = table.columns().stream().map(c -> "?").collect(Collectors.joining(", "));
        return "INSERT INTO " + table.tableName() + " (" + columnList(table) + ") VALUES (" + marks + ")";
    }

    /** Binds the table's typed values in column order. */
    public static void bind(PreparedStatement statement, Table table, Object[] values) throws SQLException {
        List<Column> columns = table.columns();
        for (int i = 0; i < values.length; i++) {
            columns.get(i).type().bind(statement, i + 1, values[i]);
        }
    }

    /** Inserts rows with one multi-row statement per 1000 (the driver rewrites the batch). */
    public static int insert(Connection connection, Table table, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (PreparedStatement insert = connection.prepareStatement(insertSql(table))) {
            for (Object[] row : rows) {
                bind(insert, table, row);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return rows.size();
    }

    /**
     * Inserts rows with one {@code LOAD DATA LOCAL} of their {@link TsvBytes} text, which costs the server and
     * the driver several times less than the multi-row INSERT of {@link #insert}; true when every row was stored
     * as sent. On false (a key was taken, or the server would have changed a value: see
     * {@link LoadDataEncoder#loadsExactly}), roll back what it stored and use {@link #insert}.
     */
    public static boolean loadExactly(Connection connection, Table table, List<Object[]> rows) throws SQLException {
        TsvBytes tsv = new TsvBytes(rows.size() * 64);
        for (Object[] row : rows) {
            tsv.row(table, row);
        }
        return LoadDataEncoder.loadsExactly(connection, table, new ByteArrayInputStream(tsv.take()),
                rows.size());
    }

    /** Which of the given ids exist in the table's id column. */
    public static Set<Integer> existingIds(Connection connection, Table table, Collection<Integer> ids)
            throws SQLException {
        return ids(connection, table, ids, "");
    }

    /**
     * Which of the given ids exist, each found row held with a shared lock until the transaction ends: it can
     * be read by others but neither changed, deleted, nor renamed away (a RENAME waits for the transaction).
     * Portable: {@code LOCK IN SHARE MODE} is understood by MySQL 8 and MariaDB alike.
     */
    public static Set<Integer> lockedIds(Connection connection, Table table, Collection<Integer> ids)
            throws SQLException {
        return ids(connection, table, ids, " LOCK IN SHARE MODE");
    }

    private static Set<Integer> ids(Connection connection, Table table, Collection<Integer> ids, String lock)
            throws SQLException {
        Set<Integer> found = new HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        String id = table.idColumn().name();
        String marks = ids.stream().map(i -> "?").collect(Collectors.joining(", "));
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + id + " FROM " + table.tableName() + " WHERE " + id + " IN (" + marks + ")" + lock)) {
            int i = 1;
            for (Integer value : ids) {
                select.setInt(i++, value);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getInt(1));
                }
            }
        }
        return found;
    }

    public static Optional<Map<String, Object>> findById(Connection connection, Table table, int id)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + columnList(table) + " FROM "
                + table.tableName() + " WHERE " + table.idColumn().name() + " = ?")) {
            select.setInt(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(table, rs)) : Optional.empty();
            }
        }
    }

    /** One result-set row as a JSON-ready map, field names and order from the dictionary. */
    public static Map<String, Object> read(Table table, ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        List<Column> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            row.put(column.name(), column.type().read(rs, i + 1));
        }
        return row;
    }

    /** Streams a table's ids into a compact set (never the rows themselves into memory). */
    public static IdSet ids(Connection connection, Table table) throws SQLException {
        IdSet ids = new IdSet();
        try (Statement select = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            select.setFetchSize(Integer.MIN_VALUE); // Connector/J: stream, do not buffer the result
            try (ResultSet rs = select.executeQuery("SELECT " + table.idColumn().name() + " FROM " + table.tableName())) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
        }
        return ids;
    }

    /**
     * For each table that {@code table} references, whether an id is stored there: the parent side of
     * a {@link io.hireflow.api.dictionary.RelationCheck}, one id scan per parent.
     */
    public static Map<Table, IntPredicate> parentHas(Connection connection, Table table) throws SQLException {
        Map<Table, IntPredicate> parents = new EnumMap<>(Table.class);
        for (Column reference : table.references()) {
            if (!parents.containsKey(reference.references())) {
                parents.put(reference.references(), ids(connection, reference.references())::contains);
            }
        }
        return parents;
    }

    /** Reads a streamed result set; may fail with an I/O error of its own (a file it writes, say). */
    public interface RowsReader<T> {
        T read(ResultSet rows) throws SQLException, java.io.IOException;
    }

    /** The query of a whole table in id order (the clustered index: no sort). */
    public static String selectInIdOrder(Table table) {
        return "SELECT " + columnList(table) + " FROM " + table.tableName() + " ORDER BY " + table.idColumn().name();
    }

    /** Streams a whole table in id order to {@code reader}, a row at a time: the driver never buffers the table. */
    public static <T> T streamInIdOrder(Connection connection, Table table, RowsReader<T> reader)
            throws SQLException, java.io.IOException {
        try (Statement select = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            select.setFetchSize(Integer.MIN_VALUE); // Connector/J: stream rows instead of buffering the table
            try (ResultSet rows = select.executeQuery(selectInIdOrder(table))) {
                return reader.read(rows);
            }
        }
    }

    /**
     * The sum, modulo 2^64, of the CRC-32 of each row's values as text joined by U+001F: the database's half of
     * backup.ContentDigest, computed in one aggregate so that only the sum leaves the server.
     */
    public static long rowChecksumSum(Connection connection, Table table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT CAST(COALESCE(SUM(CRC32(CONCAT_WS(CHAR(31 USING utf8mb4), "
                        + columnList(table) + "))), 0) AS CHAR) FROM " + table.tableName())) {
            rs.next();
            return new java.math.BigInteger(rs.getString(1)).longValue(); // the SUM is exact: keep its low 64 bits
        }
    }

    public static long count(Connection connection, Table table) throws SQLException {
        try (Statement count = connection.createStatement();
                ResultSet rs = count.executeQuery("SELECT COUNT(*) FROM " + table.tableName())) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
