package io.hireflow.api.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.database.DateTimes;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * History loads and their progress, kept in the database so that any API replica can answer
 * {@code GET /history/loads/{id}}. A load whose heartbeat stopped is reported as interrupted.
 */
@ApplicationScoped
class LoadStore {

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    /**
     * A running load beats every second or so; silent for as long as its lease lives, its process is gone
     * (the lease has expired or is about to, and a new load may start and resume it).
     */
    private final Duration heartbeatTimeout;

    LoadStore(AgroalDataSource dataSource, ObjectMapper json, HireflowConfig config) {
        this.dataSource = dataSource;
        this.json = json;
        this.heartbeatTimeout = Duration.ofSeconds(config.history().leaseSeconds());
    }

    void create(String id, HistoryLoadRequest request, List<TableProgress> tables) throws SQLException {
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement load = c.prepareStatement("INSERT INTO history_loads (load_id, status, dry_run, "
                    + "options_json, created_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)");
                    PreparedStatement table = c.prepareStatement("INSERT INTO history_load_tables (load_id, "
                            + "position, table_name, status, file_bytes) VALUES (?, ?, ?, ?, ?)")) {
                load.setString(1, id);
                load.setString(2, LoadStatus.RUNNING);
                load.setBoolean(3, request.isDryRun());
                load.setString(4, json.writeValueAsString(request));
                DateTimes.bind(load, 5, now);
                DateTimes.bind(load, 6, now);
                load.executeUpdate();
                for (TableProgress progress : tables) {
                    table.setString(1, id);
                    table.setInt(2, progress.position);
                    table.setString(3, progress.table.tableName());
                    table.setString(4, progress.status);
                    table.setObject(5, progress.fileBytes > 0 ? progress.fileBytes : null);
                    table.addBatch();
                }
                table.executeBatch();
                c.commit();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Saves one table's counts and beats the load's heartbeat. */
    void save(String id, TableProgress p) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement table = c.prepareStatement("UPDATE history_load_tables SET file_name = ?, "
                        + "checksum = ?, status = ?, rows_read = ?, rows_inserted = ?, rows_rejected = ?, "
                        + "rejected_by_rule = ?, seconds = ?, message = ?, file_bytes = ?, bytes_done = ?, "
                        + "rows_this_run = ?, resumed_from_line = ? WHERE load_id = ? AND position = ?");
                PreparedStatement beat = c.prepareStatement(
                        "UPDATE history_loads SET heartbeat_at = ? WHERE load_id = ?")) {
            synchronized (p) {
                table.setString(1, p.file);
                table.setString(2, p.checksum);
                table.setString(3, p.status);
                table.setLong(4, p.rowsRead);
                table.setLong(5, p.rowsInserted);
                table.setLong(6, p.rowsRejected);
                table.setString(7, json.writeValueAsString(p.rejectedByRule));
                table.setDouble(8, p.elapsedSeconds());
                table.setString(9, p.message);
                table.setObject(10, p.fileBytes > 0 ? p.fileBytes : null);
                table.setLong(11, p.bytesDone);
                table.setLong(12, p.rowsThisRun);
                table.setObject(13, p.resumedFromLine);
            }
            table.setString(14, id);
            table.setInt(15, p.position);
            table.executeUpdate();
            DateTimes.bind(beat, 1, Instant.now());
            beat.setString(2, id);
            beat.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void finish(String id, String status) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement finish = c.prepareStatement(
                        "UPDATE history_loads SET status = ?, finished_at = ?, heartbeat_at = ? WHERE load_id = ?")) {
            Instant now = Instant.now();
            finish.setString(1, status);
            DateTimes.bind(finish, 2, now);
            DateTimes.bind(finish, 3, now);
            finish.setString(4, id);
            finish.executeUpdate();
        }
    }

    /** How long ago a load last reported progress, if it exists. */
    Optional<Duration> silentFor(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT heartbeat_at FROM history_loads WHERE load_id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(Duration.between(rs.getTimestamp(1).toInstant(), Instant.now()))
                        : Optional.empty();
            }
        }
    }

    Optional<LoadStatus> find(String id) throws SQLException {
        return loads("WHERE load_id = ?", id, 1).stream().findFirst();
    }

    /** The most recent loads, newest first: two queries whatever the number. */
    List<LoadStatus> recent(int limit) throws SQLException {
        return loads("", null, limit);
    }

    private List<LoadStatus> loads(String where, String id, int limit) throws SQLException {
        Map<String, LoadStatus> loads = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement select = c.prepareStatement("SELECT load_id, status, dry_run, created_at, "
                    + "finished_at, heartbeat_at FROM history_loads " + where + " ORDER BY created_at DESC LIMIT ?")) {
                int p = 1;
                if (id != null) {
                    select.setString(p++, id);
                }
                select.setInt(p, limit);
                try (ResultSet rs = select.executeQuery()) {
                    Instant staleBefore = Instant.now().minus(heartbeatTimeout);
                    while (rs.next()) {
                        String status = rs.getString(2);
                        Instant heartbeat = rs.getTimestamp(6).toInstant();
                        if (LoadStatus.RUNNING.equals(status) && heartbeat.isBefore(staleBefore)) {
                            status = LoadStatus.INTERRUPTED;
                        }
                        Timestamp finished = rs.getTimestamp(5);
                        loads.put(rs.getString(1), new LoadStatus(rs.getString(1), status, rs.getBoolean(3),
                                rs.getTimestamp(4).toInstant(), finished == null ? null : finished.toInstant(), null,
                                null, null, new ArrayList<>()));
                    }
                }
            }
            if (!loads.isEmpty()) {
                addTables(c, loads);
            }
        }
        return loads.values().stream().map(l -> LoadStatus.of(l.id(), l.status(), l.dryRun(), l.createdAt(),
                l.finishedAt(), l.tables())).toList();
    }

    private void addTables(Connection c, Map<String, LoadStatus> loads) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(loads.size(), "?"));
        try (PreparedStatement select = c.prepareStatement("SELECT load_id, table_name, file_name, checksum, status, "
                + "rows_read, rows_inserted, rows_rejected, rejected_by_rule, seconds, message, rows_this_run, "
                + "file_bytes, bytes_done, resumed_from_line "
                + "FROM history_load_tables WHERE load_id IN (" + marks + ") ORDER BY load_id, position")) {
            int p = 1;
            for (String id : loads.keySet()) {
                select.setString(p++, id);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    double seconds = rs.getDouble(10);
                    Double secs = rs.wasNull() ? null : seconds;
                    loads.get(rs.getString(1)).tables().add(LoadStatus.TableStatus.of(rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7),
                            rs.getLong(8), byRule(json, rs.getString(9)), secs, rs.getLong(12),
                            (Long) rs.getObject(13, Long.class), rs.getLong(14), (Long) rs.getObject(15, Long.class),
                            rs.getString(11)));
                }
            }
        }
    }

    /** Rejected rows by rule, as stored in a rejected_by_rule column (JSON); empty when unreadable. */
    static Map<String, Long> byRule(ObjectMapper json, String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, new TypeReference<Map<String, Long>>() {
            });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
