package io.hireflow.api.rejects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.hireflow.api.database.LoadDataEncoder;
import io.hireflow.api.dictionary.Table;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The rejects log: every rejected row, from history or from a batch, with all the rules it broke.
 * Kept in the {@code rejected_rows} table, written in the transaction of the rows it came with (so a
 * rerun after a crash never doubles it), and copied from there, once committed, as JSON lines to
 * {@code rejects/<table>.jsonl} on the shared volume by {@link RejectsExport}.
 */
@ApplicationScoped
public class RejectsLog {

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final RejectsExport export;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "rejects-writer"));

    RejectsLog(AgroalDataSource dataSource, ObjectMapper json, MeterRegistry metrics, RejectsExport export) {
        this.dataSource = dataSource;
        this.json = json;
        this.metrics = metrics;
        this.export = export;
    }

    /** Records rejected rows of one table on its own connection (call with batches, not one row at a time). */
    public void record(Table table, List<Reject> rejects) {
        if (rejects.isEmpty()) {
            return;
        }
        // The database first: it is what GET /tables/{t}/rejects serves, and it fails loudly (the caller
        // gets a problem). The file is a convenience copy on the shared volume.
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                insert(c, rejects);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record rejected rows in the database", e);
        }
        committed(table, rejects);
    }

    /**
     * Inserts rejected rows on the caller's connection, inside the caller's transaction: the rows and
     * the rejects they came with commit, or roll back, together. Call {@link #committed} after the commit.
     */
    public void insert(Connection connection, List<Reject> rejects) throws SQLException {
        // Table by table in the dictionary's order, so that two transactions take the rejects_order locks in one order.
        Map<Table, RejectRows> byTable = new EnumMap<>(Table.class);
        for (Reject reject : rejects) {
            byTable.computeIfAbsent(reject.table(), table -> new RejectRows(json, table)).add(reject);
        }
        for (RejectRows rows : byTable.values()) {
            load(connection, rows);
        }
    }

    /**
     * Loads one table's rejected rows, already encoded (a history chunk's), with one {@code LOAD DATA} on the
     * caller's connection, inside its transaction, like the chunk's rows (a multi-row INSERT of thousands of
     * JSON texts costs the server several times more). Ids are drawn in the order added.
     */
    public void load(Connection connection, RejectRows rejects) throws SQLException {
        if (rejects.count() == 0) {
            return;
        }
        holdOrder(connection, rejects.table().tableName());
        long loaded = LoadDataEncoder.load(connection, "rejected_rows", RejectRows.COLUMNS,
                new ByteArrayInputStream(rejects.text()));
        if (loaded != rejects.count()) {
            throw new SQLException("the database stored " + loaded + " of " + rejects.count() + " rejected rows");
        }
    }

    /**
     * Locks the table's rejects_order row until the caller's transaction ends, before any id is drawn:
     * AUTO_INCREMENT ids are handed out at insert time but become visible at commit, so without it a later id
     * could commit first and an export that follows ids would pass the earlier one for good. One table's
     * rejects are thus written one transaction after the other; the lock is taken last in a batch, so it is
     * held only for the insert and the commit.
     */
    private static void holdOrder(Connection connection, String table) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT table_name FROM rejects_order WHERE table_name = ? FOR UPDATE")) {
            lock.setString(1, table);
            lock.executeQuery().close();
        }
    }

    /** After the transaction that {@link #insert inserted} them committed: the file export and the metrics. */
    public void committed(Table table, List<Reject> rejects) {
        if (rejects.isEmpty()) {
            return;
        }
        export.export(table);
        counted(table, rejects);
    }

    /**
     * After a history chunk's commit: the metrics only. The file follows at the exporter's next tick
     * (every {@value RejectsExport#EVERY_SECONDS} s) and when the table's load ends ({@link #export}):
     * exporting after every chunk made the chunk writers queue on the file.
     */
    public void counted(Table table, List<Reject> rejects) {
        for (Reject reject : rejects) {
            metrics.counter("hireflow.rows.rejected", "table", table.tableName(), "source", reject.source())
                    .increment();
            reject.errors().stream().map(v -> v.rule().code()).distinct().forEach(rule -> metrics
                    .counter("hireflow.rule.violations", "table", table.tableName(), "source", reject.source(),
                            "rule", rule)
                    .increment());
        }
    }

    /**
     * The same metrics for rejects counted already: {@code rows} rejected from {@code source}, and per rule the
     * rows that broke it (a row counted once per rule however often it broke it).
     */
    public void counted(Table table, String source, long rows, Map<String, Long> rowsByRule) {
        if (rows == 0) {
            return;
        }
        metrics.counter("hireflow.rows.rejected", "table", table.tableName(), "source", source).increment(rows);
        rowsByRule.forEach((rule, n) -> metrics.counter("hireflow.rule.violations", "table", table.tableName(),
                "source", source, "rule", rule).increment(n));
    }

    /** Brings {@code rejects/<table>.jsonl} up to the committed rejects now. */
    public void export(Table table) {
        export.export(table);
    }

    /**
     * Records rejects on the log's own thread, so a history load keeps parsing while they are
     * written. Returns when it is queued; wait on the future before queueing more, which keeps at
     * most one batch in flight.
     */
    public Future<?> recordInBackground(Table table, List<Reject> rejects) {
        return writer.submit(() -> record(table, rejects));
    }

    @PreDestroy
    void stop() {
        writer.shutdown();
    }

    /** The newest rejects of a table first. */
    public List<JsonNode> newestFirst(Table table, int page, int size) throws SQLException {
        List<JsonNode> items = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT reject_id, rejected_at, source, origin, "
                        + "position, row_json, errors_json FROM rejected_rows WHERE table_name = ? "
                        + "ORDER BY reject_id DESC LIMIT ? OFFSET ?")) {
            select.setString(1, table.tableName());
            select.setInt(2, size);
            select.setLong(3, (long) page * size);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ObjectNode item = json.createObjectNode();
                    item.put("id", rs.getLong(1));
                    item.put("at", rs.getTimestamp(2).toInstant().toString());
                    item.set("source", Reject.source(json, rs.getString(3), rs.getString(4), rs.getLong(5)));
                    item.set("row", json.readTree(rs.getString(6)));
                    item.set("errors", json.readTree(rs.getString(7)));
                    items.add(item);
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt entry in rejected_rows", e);
        }
        return items;
    }

    public long count(Table table) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM rejected_rows WHERE table_name = ?")) {
            count.setString(1, table.tableName());
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
