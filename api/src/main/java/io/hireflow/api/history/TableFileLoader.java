package io.hireflow.api.history;

import com.mysql.cj.jdbc.JdbcStatement;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.agroal.api.AgroalDataSource;
import io.hireflow.api.database.LoadDataEncoder;
import io.hireflow.api.database.ReadAheadStream;
import io.hireflow.api.database.TableLocks;
import io.hireflow.api.dictionary.CheckedRow;
import io.hireflow.api.dictionary.IdSet;
import io.hireflow.api.dictionary.RelationCheck;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.digest.Sha256;
import io.hireflow.api.rejects.Reject;
import io.hireflow.api.rejects.RejectsLog;
import io.hireflow.api.rows.TableRows;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;

/**
 * Loads one table's history file exactly once: the valid rows stream into {@code LOAD DATA LOCAL
 * INFILE} and the manifest row is written in the same transaction, so a file is either wholly
 * loaded and recorded, or not at all. A load killed at any point rolls back and can simply be run
 * again; a file already in the manifest is skipped.
 */
@ApplicationScoped
class TableFileLoader {

    private static final int REJECT_FLUSH = 1000;
    private static final long SAVE_EVERY_NANOS = 1_000_000_000L;

    private final AgroalDataSource dataSource;
    private final TableLocks locks;
    private final RejectsLog rejectsLog;
    private final LoadStore store;
    private final MeterRegistry metrics;

    TableFileLoader(AgroalDataSource dataSource, TableLocks locks, RejectsLog rejectsLog, LoadStore store,
            MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.locks = locks;
        this.rejectsLog = rejectsLog;
        this.store = store;
        this.metrics = metrics;
    }

    /**
     * @param acceptedInRun ids accepted from parent files earlier in the same load (a dry run writes
     *        nothing, yet its employees must see the departments it would have loaded)
     * @return the ids accepted from this file, for its children
     */
    IdSet load(String loadId, Path folder, TableProgress progress, HistoryLoadRequest request,
            Map<Table, IdSet> acceptedInRun) throws SQLException, IOException {
        Table table = progress.table;
        Optional<Path> found = HistoryFiles.find(folder, table);
        if (found.isEmpty()) {
            progress.end(LoadStatus.TableStatus.FAILED, "no " + table + ".csv (or history_" + table
                    + ".csv) in " + folder.toAbsolutePath());
            return null;
        }
        Path file = found.get();
        progress.start(file.getFileName().toString(), Sha256.hex(file));
        store.save(loadId, progress);
        Optional<String> loadedBefore = manifestEntry(table, progress.checksum);
        if (loadedBefore.isPresent() && !request.isDryRun()) {
            progress.end(LoadStatus.TableStatus.SKIPPED, "this file was loaded before (" + loadedBefore.get()
                    + "); nothing to do");
            return null;
        }
        try (Connection connection = dataSource.getConnection();
                TableLocks.Held lock = request.isDryRun() ? null : locks.acquire(connection, table)) {
            RelationCheck relations = new RelationCheck(table, TableRows.ids(connection, table)::contains,
                    parents(connection, table, acceptedInRun));
            RejectsBuffer rejects = new RejectsBuffer(table, request.isDryRun());
            long[] lastSave = {System.nanoTime()};
            long maxRejects = request.maxRejects() == null ? Long.MAX_VALUE : request.maxRejects();
            try (CsvReader<CsvRecord> csv = CsvReader.builder().ignoreDifferentFieldCount(true)
                    .ofCsvRecord(file, StandardCharsets.UTF_8)) {
                ValidRowsFeed feed = new ValidRowsFeed(csv.iterator(), table, relations, progress,
                        (record, row) -> rejects.add(progress.file, record, row),
                        () -> saveNowAndThen(loadId, progress, lastSave), maxRejects);
                ReadAheadStream rows = new ReadAheadStream(feed, "history-parse-" + table);
                try (rows) {
                    if (request.isDryRun()) {
                        drain(rows, feed, progress, request);
                    } else {
                        loadAndRecord(connection, loadId, rows, feed, progress, request);
                    }
                } catch (SQLException | IOException e) {
                    if (rows.failure() instanceof CsvParseException parse) {
                        throw parse; // the stream broke on bad CSV: say that, not what the driver made of it
                    }
                    throw e;
                }
            } catch (CsvParseException e) {
                progress.rowsInserted = 0;
                progress.end(LoadStatus.TableStatus.FAILED, "not valid CSV after line " + progress.rowsRead
                        + ": " + e.getMessage() + "; nothing was loaded from this file");
            } finally {
                rejects.close();
            }
            return LoadStatus.TableStatus.FAILED.equals(progress.status) ? null : relations.accepted();
        }
    }

    private void loadAndRecord(Connection connection, String loadId, ReadAheadStream rows, ValidRowsFeed feed,
            TableProgress progress, HistoryLoadRequest request) throws SQLException {
        Table table = progress.table;
        connection.setAutoCommit(false);
        try {
            long loaded;
            try (Statement load = connection.createStatement()) {
                load.unwrap(JdbcStatement.class).setLocalInfileInputStream(rows);
                loaded = load.executeLargeUpdate(LoadDataEncoder.statement(table, table.tableName()));
            }
            String rollback = rollbackReason(feed, progress, request);
            if (rollback != null) {
                fail(connection, progress, rollback);
            } else if (loaded != progress.rowsInserted) {
                fail(connection, progress, "the database stored " + loaded + " rows but " + progress.rowsInserted
                        + " were sent");
            } else {
                recordInManifest(connection, loadId, progress);
                connection.commit();
                progress.end(LoadStatus.TableStatus.LOADED, null);
                metrics.counter("hireflow.rows.accepted", "table", table.tableName(), "source", Reject.HISTORY)
                        .increment(progress.rowsInserted);
                if (progress.rowsPerSecond() != null) {
                    metrics.summary("hireflow.history.load.rows.per.second", "table", table.tableName())
                            .record(progress.rowsPerSecond());
                }
            }
        } catch (SQLException | RuntimeException e) {
            progress.rowsInserted = 0;
            safeRollback(connection);
            throw e;
        } finally {
            if (!connection.isClosed()) {
                connection.setAutoCommit(true);
            }
        }
    }

    private static void drain(ReadAheadStream rows, ValidRowsFeed feed, TableProgress progress,
            HistoryLoadRequest request) throws IOException {
        rows.transferTo(OutputStream.nullOutputStream());
        String rollback = rollbackReason(feed, progress, request);
        progress.end(rollback == null ? LoadStatus.TableStatus.VALIDATED : LoadStatus.TableStatus.FAILED,
                rollback == null ? "dry run: nothing was written" : "would be rolled back: " + rollback);
    }

    /** Why the file's rows must not stay (too many rejects, by count or by share), or {@code null}. */
    private static String rollbackReason(ValidRowsFeed feed, TableProgress progress, HistoryLoadRequest request) {
        if (feed.rejectLimitReached()) {
            return "more than " + request.maxRejects() + " rows rejected (maxRejects)";
        }
        return rejectRatioExceeded(progress, request);
    }

    private static String rejectRatioExceeded(TableProgress progress, HistoryLoadRequest request) {
        if (request.maxRejectRatio() == null || progress.rowsRead == 0) {
            return null;
        }
        double ratio = (double) progress.rowsRejected / progress.rowsRead;
        return ratio > request.maxRejectRatio()
                ? String.format("%.4f of the rows were rejected, more than maxRejectRatio %s", ratio,
                        request.maxRejectRatio())
                : null;
    }

    private static void fail(Connection connection, TableProgress progress, String why) throws SQLException {
        connection.rollback();
        progress.rowsInserted = 0;
        progress.end(LoadStatus.TableStatus.FAILED, why + "; the file was rolled back, nothing from it is in the table");
    }

    private static void safeRollback(Connection connection) {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // The connection is gone; the server rolls the transaction back by itself.
        }
    }

    /**
     * Rejects of one file, written to the rejects log a thousand at a time in the background. A dry
     * run writes nothing, not even the rejects log: its answer carries the counts by rule.
     */
    private final class RejectsBuffer implements AutoCloseable {
        private final Table table;
        private final boolean dryRun;
        private List<Reject> batch = new ArrayList<>(REJECT_FLUSH);
        private Future<?> inFlight;

        RejectsBuffer(Table table, boolean dryRun) {
            this.table = table;
            this.dryRun = dryRun;
        }

        void add(String file, CsvRecord record, CheckedRow row) {
            if (dryRun) {
                return;
            }
            batch.add(new Reject(Instant.now(), table, Reject.HISTORY, file, record.getStartingLineNumber(),
                    row.raw(), row.violations()));
            if (batch.size() >= REJECT_FLUSH) {
                flush();
            }
        }

        private void flush() {
            awaitInFlight();
            if (!batch.isEmpty()) {
                inFlight = rejectsLog.recordInBackground(table, batch);
                batch = new ArrayList<>(REJECT_FLUSH);
            }
        }

        private void awaitInFlight() {
            if (inFlight == null) {
                return;
            }
            try {
                inFlight.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the rejects log", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not write the rejects log: " + e.getCause().getMessage(),
                        e.getCause());
            }
        }

        @Override
        public void close() {
            flush();
            awaitInFlight();
        }
    }

    private void saveNowAndThen(String loadId, TableProgress progress, long[] lastSave) {
        long now = System.nanoTime();
        if (now - lastSave[0] >= SAVE_EVERY_NANOS) {
            lastSave[0] = now;
            try {
                store.save(loadId, progress);
            } catch (SQLException e) {
                // Progress is informative only; the load itself goes on.
            }
        }
    }

    private Optional<String> manifestEntry(Table table, String checksum) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT load_id, loaded_at FROM history_manifest "
                        + "WHERE table_name = ? AND checksum = ?")) {
            select.setString(1, table.tableName());
            select.setString(2, checksum);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next()
                        ? Optional.of("load " + rs.getString(1) + " at " + rs.getTimestamp(2).toInstant())
                        : Optional.empty();
            }
        }
    }

    private static void recordInManifest(Connection connection, String loadId, TableProgress p) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO history_manifest (table_name, "
                + "checksum, file_name, rows_read, rows_loaded, rows_rejected, load_id, loaded_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, p.table.tableName());
            insert.setString(2, p.checksum);
            insert.setString(3, p.file);
            insert.setLong(4, p.rowsRead);
            insert.setLong(5, p.rowsInserted);
            insert.setLong(6, p.rowsRejected);
            insert.setString(7, loadId);
            insert.setTimestamp(8, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
    }

    /** Whether a parent id is stored, or was accepted earlier in the same load (see {@link #load}). */
    private static Map<Table, IntPredicate> parents(Connection connection, Table table,
            Map<Table, IdSet> acceptedInRun) throws SQLException {
        Map<Table, IntPredicate> parents = TableRows.parentHas(connection, table);
        parents.replaceAll((parent, stored) -> {
            IdSet inRun = acceptedInRun.get(parent);
            return inRun == null ? stored : stored.or(inRun::contains);
        });
        return parents;
    }

}
