package io.hireflow.api.rejects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.dictionary.Table;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The rejects log: every rejected row, from history or from a batch, with all the rules it broke.
 * Written as JSON lines to {@code rejects/<table>.jsonl} on the shared volume, and kept queryable in
 * the {@code rejected_rows} table. Written on its own connection, so the record survives when the
 * data it belonged to is rolled back.
 */
@ApplicationScoped
public class RejectsLog {

    // 64 KB of TEXT holds at least 16k characters of any kind.
    private static final int MAX_ROW_JSON_CHARS = 16_000;
    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final Path folder;
    private final Map<Table, Object> fileLocks = new ConcurrentHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "rejects-writer"));

    RejectsLog(AgroalDataSource dataSource, ObjectMapper json, MeterRegistry metrics, HireflowConfig config) {
        this.dataSource = dataSource;
        this.json = json;
        this.metrics = metrics;
        this.folder = config.rejectsDir();
    }

    /** Records rejected rows of one table on its own connection (call with batches, not one row at a time). */
    public void record(Table table, List<Reject> rejects) {
        if (rejects.isEmpty()) {
            return;
        }
        // The database first: it is what GET /tables/{t}/rejects serves, and it fails loudly (the caller
        // gets a problem). The file is a convenience copy on the shared volume.
        try (Connection c = dataSource.getConnection()) {
            insert(c, rejects);
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
        if (rejects.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO rejected_rows (table_name, "
                + "rejected_at, source, origin, position, row_json, errors_json) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Reject reject : rejects) {
                insert.setString(1, reject.table().tableName());
                insert.setTimestamp(2, Timestamp.from(reject.at()));
                insert.setString(3, reject.source());
                insert.setString(4, truncate(reject.origin(), 255));
                insert.setLong(5, reject.position());
                insert.setString(6, abridged(json.writeValueAsString(reject.row())));
                insert.setString(7, json.writeValueAsString(reject.errors()));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a rejected row as JSON", e);
        }
    }

    /** After the transaction that {@link #insert inserted} them committed: the file copy and the metrics. */
    public void committed(Table table, List<Reject> rejects) {
        if (rejects.isEmpty()) {
            return;
        }
        appendLines(table, rejects);
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
                    item.set("source", source(rs.getString(3), rs.getString(4), rs.getLong(5)));
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

    private void appendLines(Table table, List<Reject> rejects) {
        synchronized (fileLocks.computeIfAbsent(table, t -> new Object())) {
            try {
                Files.createDirectories(folder);
                try (Writer out = Files.newBufferedWriter(folder.resolve(table.tableName() + ".jsonl"),
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    for (Reject reject : rejects) {
                        ObjectNode line = json.createObjectNode();
                        line.put("at", reject.at().toString());
                        line.put("table", table.tableName());
                        line.set("source", source(reject.source(), reject.origin(), reject.position()));
                        line.set("row", reject.row());
                        line.set("errors", json.valueToTree(reject.errors()));
                        out.write(json.writeValueAsString(line));
                        out.write('\n');
                    }
                }
            } catch (IOException e) {
                // The rows are safe in rejected_rows; a full or read-only shared volume must not fail a batch whose
                // valid rows are committed. Say so loudly (console too), and count it so an alert can fire.
                metrics.counter("hireflow.rejects.file.failures", "table", table.tableName()).increment();
                Log.errorf("Cannot append %d rejects of %s to %s (%s); they are kept in the rejected_rows table "
                        + "(GET /tables/%s/rejects) but missing from the file", rejects.size(), table, folder,
                        e.getMessage(), table.tableName());
            }
        }
    }

    private ObjectNode source(String kind, String origin, long position) {
        ObjectNode source = json.createObjectNode();
        source.put("kind", kind);
        if (Reject.HISTORY.equals(kind)) {
            source.put("file", origin);
            source.put("line", position);
        } else {
            source.put("request", origin);
            source.put("index", position);
        }
        return source;
    }

    /** row_json is a TEXT column (64 KB); a hostile row larger than that is kept abridged, in full in the file. */
    private String abridged(String rowJson) {
        if (rowJson.length() <= MAX_ROW_JSON_CHARS) {
            return rowJson;
        }
        ObjectNode note = json.createObjectNode();
        note.put("abridged", true);
        note.put("originalChars", rowJson.length());
        note.put("start", rowJson.substring(0, 1000));
        return note.toString();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
