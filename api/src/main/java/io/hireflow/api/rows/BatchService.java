package io.hireflow.api.rows;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.database.TableLocks;
import io.hireflow.api.dictionary.CheckedRow;
import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.RelationCheck;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.rejects.Reject;
import io.hireflow.api.rejects.RejectsLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Writes a batch of new rows: each row judged on its own, the valid ones inserted in one
 * transaction, the rest logged as rejects. Holds the table's named lock while it checks and
 * writes, so a concurrent restore or history load cannot slip in between.
 */
@ApplicationScoped
public class BatchService {

    private final AgroalDataSource dataSource;
    private final TableLocks locks;
    private final RejectsLog rejectsLog;
    private final MeterRegistry metrics;

    BatchService(AgroalDataSource dataSource, TableLocks locks, RejectsLog rejectsLog, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.locks = locks;
        this.rejectsLog = rejectsLog;
        this.metrics = metrics;
    }

    /**
     * @param rows rows already checked for the rules a row can break on its own, in request order
     * @param lines the CSV line of each row, or {@code null} for JSON bodies
     * @param atomic insert nothing unless every row is valid
     */
    public BatchResult insert(Table table, List<CheckedRow> rows, List<Long> lines, boolean atomic, String requestId)
            throws SQLException {
        Timer.Sample timing = Timer.start(metrics);
        List<Object[]> valid = new ArrayList<>(rows.size());
        try (Connection connection = dataSource.getConnection();
                TableLocks.Held lock = locks.acquire(connection, table)) {
            RelationCheck relations = relationsFor(connection, table, rows);
            for (CheckedRow row : rows) {
                if (relations.apply(row).valid()) {
                    valid.add(row.values());
                }
            }
            if (atomic && valid.size() < rows.size()) {
                valid.clear();
            }
            insertInOneTransaction(connection, table, valid);
        }
        BatchResult result = result(table, rows, lines, atomic, requestId, valid.size());
        logRejects(table, result, requestId);
        metrics.counter("hireflow.rows.accepted", "table", table.tableName(), "source", Reject.BATCH)
                .increment(valid.size());
        metrics.summary("hireflow.batch.size", "table", table.tableName()).record(rows.size());
        timing.stop(metrics.timer("hireflow.batch.latency", "table", table.tableName()));
        return result;
    }

    /** All the rows or none; with no rows there is nothing to commit, so no transaction is opened. */
    private static void insertInOneTransaction(Connection connection, Table table, List<Object[]> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        connection.setAutoCommit(false);
        try {
            TableRows.insert(connection, table, rows);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Looks up, in one query per table, which ids of the batch exist already and which parents exist. */
    private static RelationCheck relationsFor(Connection connection, Table table, List<CheckedRow> rows)
            throws SQLException {
        List<Integer> ids = rows.stream().map(CheckedRow::id).filter(Objects::nonNull).toList();
        Set<Integer> existing = TableRows.existingIds(connection, table, ids);
        Map<Table, IntPredicate> parents = new HashMap<>();
        List<Column> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            Table parent = columns.get(i).references();
            if (parent != null) {
                int index = i;
                List<Integer> referenced = rows.stream().map(r -> (Integer) r.values()[index])
                        .filter(Objects::nonNull).distinct().toList();
                Set<Integer> found = TableRows.existingIds(connection, parent, referenced);
                parents.merge(parent, found::contains, IntPredicate::or);
            }
        }
        return new RelationCheck(table, existing::contains, parents);
    }

    private static BatchResult result(Table table, List<CheckedRow> rows, List<Long> lines, boolean atomic,
            String requestId, int inserted) {
        List<BatchResult.RejectedRow> rejected = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            CheckedRow row = rows.get(i);
            if (!row.valid()) {
                rejected.add(new BatchResult.RejectedRow(i, lines == null ? null : lines.get(i), row.raw(),
                        row.violations()));
            }
        }
        return new BatchResult(table.tableName(), requestId, atomic, rows.size(), inserted, rejected);
    }

    private void logRejects(Table table, BatchResult result, String requestId) {
        Instant now = Instant.now();
        rejectsLog.record(table, result.rejected().stream()
                .map(r -> new Reject(now, table, Reject.BATCH, requestId, r.index(), r.row(), r.errors()))
                .toList());
    }
}
