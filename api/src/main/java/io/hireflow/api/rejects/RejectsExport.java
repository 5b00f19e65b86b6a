package io.hireflow.api.rejects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.agroal.api.AgroalDataSource;
import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.database.Lease;
import io.hireflow.api.database.Leases;
import io.hireflow.api.dictionary.Table;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps {@code rejects/<table>.jsonl} following the {@code rejected_rows} table, never the other way
 * round: appends the committed rows in {@code reject_id} order, each line carrying its id, and learns
 * where it stopped from the file's last line. A crash between a commit and the append, or in the
 * middle of an append, therefore neither loses nor doubles a line: the next export starts after the
 * last whole line. Writers of rejects commit one table's ids in id order (see
 * {@link RejectsLog#insert}), so an id the export has passed never commits later.
 *
 * <p>One writer across replicas: only the replica holding the {@value #LEASE} lease appends. It exports
 * right after each commit of rejects on that replica, and every {@value #EVERY_SECONDS} seconds for the
 * rejects that other replicas committed.
 */
@ApplicationScoped
public class RejectsExport {

    static final String LEASE = "rejects-export";
    static final int EVERY_SECONDS = 2;
    private static final Duration TTL = Duration.ofSeconds(30);
    /** Rows per query: the export streams the table a page at a time, never all of it at once. */
    private static final int PAGE = 5000;

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final Leases leases;
    private final Path folder;
    private final Map<Table, Object> fileMonitors = new EnumMap<>(Table.class);
    private Lease lease;
    private long nextTry;
    private ScheduledExecutorService timer;

    RejectsExport(AgroalDataSource dataSource, ObjectMapper json, MeterRegistry metrics, Leases leases,
            HireflowConfig config) {
        this.dataSource = dataSource;
        this.json = json;
        this.metrics = metrics;
        this.leases = leases;
        this.folder = config.rejectsDir();
        for (Table table : Table.values()) {
            fileMonitors.put(table, new Object());
        }
    }

    void start(@Observes StartupEvent started) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rejects-export");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::tick, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent stopped) {
        if (timer != null) {
            timer.shutdownNow();
        }
        synchronized (this) {
            if (lease != null) {
                lease.close();
                lease = null;
            }
        }
    }

    /** Appends what the database committed for the table since the file's last line, if this replica exports. */
    public void export(Table table) {
        if (!holdsLease()) {
            return;
        }
        // One thread of this replica at a time per file; the lease keeps other replicas out.
        synchronized (fileMonitors.get(table)) {
            try {
                append(table);
            } catch (IOException e) {
                // The rows are safe in rejected_rows; the next export catches the file up once the volume is back.
                metrics.counter("hireflow.rejects.file.failures", "table", table.tableName()).increment();
                Log.errorf("Cannot append the rejects of %s to %s (%s); they are kept in the rejected_rows table "
                        + "(GET /tables/%s/rejects) and the file is caught up once it can be written", table, folder,
                        e.getMessage(), table.tableName());
            } catch (SQLException e) {
                Log.warnf("Cannot read the rejects of %s to export them (%s); retried in %d s", table, e.getMessage(),
                        EVERY_SECONDS);
            }
        }
    }

    private void tick() {
        synchronized (this) {
            if (lease != null && !lease.isHeld()) { // Leases renews it; false once a renewal found it lost
                Log.warnf("Lost the %s lease; another replica exports the rejects files now", LEASE);
                lease = null;
            }
        }
        for (Table table : Table.values()) {
            export(table);
        }
    }

    /** Takes the lease when it is free; after a refusal, asks again only after a pause (not on every batch). */
    private synchronized boolean holdsLease() {
        if (lease == null && System.currentTimeMillis() >= nextTry) {
            try {
                lease = leases.tryAcquire(LEASE, TTL, "appending rejects/*.jsonl").orElse(null);
            } catch (SQLException | RuntimeException e) {
                Log.warnf("Cannot take the %s lease: %s", LEASE, e.getMessage());
            }
            nextTry = System.currentTimeMillis() + EVERY_SECONDS * 1000L;
        }
        return lease != null;
    }

    private void append(Table table) throws IOException, SQLException {
        Files.createDirectories(folder);
        Path file = folder.resolve(table.tableName() + ".jsonl");
        try (Connection connection = dataSource.getConnection()) {
            long largest = largestId(connection);
            if (largest == 0) {
                return; // no rejects at all: nothing to export, and nothing to judge the file by
            }
            OptionalLong last = JsonLinesTail.lastId(file, json);
            if (last.isEmpty()) {
                setAside(file, "it was written before rejects were exported by id");
                last = OptionalLong.of(0);
            } else if (last.getAsLong() > largest) {
                // rejected_rows never deletes, so ids beyond its largest come from another database (a new one).
                setAside(file, "its last id " + last.getAsLong() + " is beyond every id in rejected_rows: it was "
                        + "written from another database");
                last = OptionalLong.of(0);
            }
            append(connection, table, file, last.getAsLong());
        }
    }

    /** Keeps a file that does not follow this database aside; the export rebuilds it from rejected_rows. */
    private static void setAside(Path file, String why) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".before-export-" + System.currentTimeMillis());
        Files.move(file, aside);
        Log.warnf("Moved %s to %s (%s); rebuilding it from rejected_rows", file, aside, why);
    }

    private static long largestId(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COALESCE(MAX(reject_id), 0) FROM "
                + "rejected_rows"); ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void append(Connection connection, Table table, Path file, long lastId) throws IOException, SQLException {
        long after = lastId;
        try (PreparedStatement select = connection.prepareStatement("SELECT reject_id, rejected_at, source, origin, "
                        + "position, row_json, errors_json FROM rejected_rows WHERE table_name = ? AND reject_id > ? "
                        + "ORDER BY reject_id LIMIT " + PAGE);
                Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
            for (int rows = PAGE; rows == PAGE;) {
                select.setString(1, table.tableName());
                select.setLong(2, after);
                rows = 0;
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        after = rs.getLong(1);
                        ObjectNode line = json.createObjectNode();
                        line.put("id", after);
                        line.put("at", rs.getTimestamp(2).toInstant().toString());
                        line.put("table", table.tableName());
                        line.set("source", Reject.source(json, rs.getString(3), rs.getString(4), rs.getLong(5)));
                        // Stored as compact JSON by RejectsLog: copied as it is, not parsed and written again
                        // (that took about half as much CPU as checking the rows of a history load).
                        line.putRawValue("row", new RawValue(rs.getString(6)));
                        line.putRawValue("errors", new RawValue(rs.getString(7)));
                        out.write(json.writeValueAsString(line));
                        out.write('\n');
                        rows++;
                    }
                }
                out.flush();
            }
        }
    }
}
