package io.hireflow.api.rows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hireflow.api.database.DuplicateKey;
import io.hireflow.api.database.Leases;
import io.hireflow.api.database.TableRows;
import io.hireflow.api.database.Transactions;
import io.hireflow.api.database.TryAgainException;
import io.hireflow.api.dictionary.CheckedRow;
import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.RelationCheck;
import io.hireflow.api.dictionary.RowValidator;
import io.hireflow.api.dictionary.Rule;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Violation;
import io.hireflow.api.idempotency.IdempotencyKey;
import io.hireflow.api.idempotency.IdempotencyStore;
import io.hireflow.api.idempotency.StoredAnswer;
import io.hireflow.api.rejects.Reject;
import io.hireflow.api.rejects.RejectsLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Writes a batch of new rows: each row judged on its own, the valid ones, their rejects and (with an
 * Idempotency-Key) the answer committed in one transaction. Writers of a table run side by side: the
 * primary key keeps ids unique, shared locks on the referenced parent rows keep references valid until
 * the commit, and the table's lease row, read with a shared lock, keeps a restore out (and the batch
 * out of a restore).
 */
@ApplicationScoped
public class BatchService {

    /** What a batch answered, and whether it is the replay of an earlier request with the same key. */
    public record Answer(BatchResult result, boolean replayed) {
    }

    /** One attempt's outcome: the answer, and the rejects committed with it (none on a replay). */
    private record Outcome(BatchResult result, List<Reject> rejects, boolean replayed) {
    }

    /**
     * Retry-After of a batch refused during an exclusive operation. Not the lease's remaining time: a lease
     * lives a minute and is renewed, while a restore swaps a million rows in about three seconds.
     */
    private static final int BUSY_RETRY_AFTER = 2;

    private final Transactions transactions;
    private final Leases leases;
    private final IdempotencyStore keys;
    private final RejectsLog rejectsLog;
    private final MeterRegistry metrics;
    private final ObjectMapper json;

    BatchService(Transactions transactions, Leases leases, IdempotencyStore keys, RejectsLog rejectsLog,
            MeterRegistry metrics, ObjectMapper json) {
        this.transactions = transactions;
        this.leases = leases;
        this.keys = keys;
        this.rejectsLog = rejectsLog;
        this.metrics = metrics;
        this.json = json;
    }

    /**
     * @param rows rows already checked for the rules a row can break on its own, in request order
     * @param lines the CSV line of each row, or {@code null} for JSON bodies
     * @param atomic insert nothing unless every row is valid
     * @param key the request's Idempotency-Key, if it sent one
     * @param fingerprint the request's {@link io.hireflow.api.idempotency.Fingerprint} (used with a key only)
     */
    public Answer insert(Table table, List<CheckedRow> rows, List<Long> lines, boolean atomic, String requestId,
            Optional<IdempotencyKey> key, String fingerprint) throws SQLException {
        Timer.Sample timing = Timer.start(metrics);
        Transactions.Purpose purpose = new Transactions.Purpose("the batch", key.isPresent()
                ? "with the same Idempotency-Key" : "(it carried no Idempotency-Key: rows of it that were stored "
                        + "would come back as duplicates; send one with each batch)", key.isPresent());
        // READ COMMITTED: the id check sees rows other writers committed a moment ago, and locking reads
        // take no gap locks, so writers of neighbouring ids never wait on each other.
        Outcome outcome = transactions.run(purpose, Connection.TRANSACTION_READ_COMMITTED, connection -> {
            if (key.isPresent()) {
                Optional<StoredAnswer> first = keys.claim(connection, key.get(), fingerprint, table.tableName());
                if (first.isPresent()) {
                    return new Outcome(replay(first.get()), List.of(), true);
                }
            }
            Outcome written = write(connection, table, rows, lines, atomic, requestId);
            if (key.isPresent()) {
                keys.complete(connection, key.get(), written.result().httpStatus(), text(written.result()));
            }
            return written;
        });
        if (outcome.replayed()) {
            metrics.counter("hireflow.batch.replays", "table", table.tableName()).increment();
            return new Answer(outcome.result(), true);
        }
        rejectsLog.committed(table, outcome.rejects());
        metrics.counter("hireflow.rows.accepted", "table", table.tableName(), "source", Reject.BATCH)
                .increment(outcome.result().inserted());
        metrics.summary("hireflow.batch.size", "table", table.tableName()).record(rows.size());
        timing.stop(metrics.timer("hireflow.batch.latency", "table", table.tableName()));
        return new Answer(outcome.result(), false);
    }

    /**
     * One attempt, inside its transaction: checks against the database, inserts, records the rejects.
     *
     * <p>First the cheap way, which holds for almost every batch: judge the rows as if none of their ids were
     * stored yet (asking the database only about the ids of rows rejected anyway, whose answer must name every
     * rule they break) and {@code LOAD DATA} the valid ones. If the load stored every row as sent, no id was
     * taken and the answer is the one the full check would have given. Otherwise it is undone, and the batch is
     * judged again knowing which of its ids are stored, and inserted by INSERT, exactly as before.
     */
    private Outcome write(Connection connection, Table table, List<CheckedRow> sent, List<Long> lines, boolean atomic,
            String requestId) throws SQLException {
        refuseWhileExclusive(connection, table);
        Map<Table, IntPredicate> parents = lockedParents(connection, table, sent);
        List<CheckedRow> rows = fresh(sent);
        List<CheckedRow> valid = judge(table, rows, id -> false, parents);
        if (valid.size() < rows.size()) {
            List<Integer> rejectedIds = rows.stream().filter(r -> !r.valid()).map(CheckedRow::id)
                    .filter(Objects::nonNull).toList();
            Set<Integer> stored = TableRows.existingIds(connection, table, rejectedIds);
            rows = fresh(sent);
            valid = judge(table, rows, stored::contains, parents);
        }
        int inserted;
        if (loadedExactly(connection, table, rows, valid, atomic)) {
            inserted = valid.size();
        } else {
            rows = fresh(sent);
            Set<Integer> stored = TableRows.existingIds(connection, table,
                    rows.stream().map(CheckedRow::id).filter(Objects::nonNull).toList());
            valid = judge(table, rows, stored::contains, parents);
            inserted = insertValid(connection, table, rows, valid, atomic);
        }
        BatchResult result = result(table, rows, lines, atomic, requestId, inserted);
        Instant now = Instant.now();
        List<Reject> rejects = result.rejected().stream()
                .map(r -> new Reject(now, table, Reject.BATCH, requestId, r.index(), r.row(), r.errors())).toList();
        rejectsLog.insert(connection, rejects);
        return new Outcome(result, rejects, false);
    }

    /**
     * A restore (or another exclusive operation) holding the table's lease makes the batch a 503; reading
     * the lease row with a shared lock makes a restore that starts now wait until this batch commits.
     */
    private void refuseWhileExclusive(Connection connection, Table table) throws SQLException {
        var holder = leases.heldOn(connection, Leases.table(table));
        if (holder.isPresent()) {
            throw new TryAgainException("busy", "Try again shortly", table + " is taken by an exclusive operation (" + holder.get().describe()
                    + "); nothing of this batch was written. Send it again after the Retry-After delay, with the same "
                    + "Idempotency-Key if it had one.", Math.min(holder.get().retryAfterSeconds(), BUSY_RETRY_AFTER));
        }
    }

    /**
     * Inserts the valid rows; with {@code atomic}, none unless every row is valid. An id that a concurrent
     * writer committed after this batch checked (the insert then waits for that writer and fails on the
     * primary key) is reported as a duplicate like any other, and the rest inserted again: the insert
     * runs under a savepoint, so a failed attempt leaves nothing of itself behind.
     */
    private static int insertValid(Connection connection, Table table, List<CheckedRow> rows, List<CheckedRow> valid,
            boolean atomic) throws SQLException {
        while (true) {
            if (valid.isEmpty() || (atomic && valid.size() < rows.size())) {
                return 0;
            }
            Savepoint before = connection.setSavepoint();
            try {
                TableRows.insert(connection, table, valid.stream().map(CheckedRow::values).toList());
                connection.releaseSavepoint(before);
                return valid.size();
            } catch (SQLException failed) {
                if (!DuplicateKey.in(failed)) {
                    throw failed;
                }
                connection.rollback(before);
                Set<Integer> taken = TableRows.existingIds(connection, table,
                        valid.stream().map(CheckedRow::id).toList());
                if (taken.isEmpty()) {
                    throw failed; // not the primary key: a real error
                }
                String name = table.idColumn().name();
                valid.removeIf(row -> {
                    if (!taken.contains(row.id())) {
                        return false;
                    }
                    row.violations().add(new Violation(name, Rule.UNIQUE, name + " " + row.id()
                            + " already exists in " + table + " (written by a concurrent batch)"));
                    return true;
                });
            }
        }
    }

    /**
     * Whether {@code LOAD DATA} stored every valid row as sent (then no id was taken), when there is something
     * to insert; if it did not, what it stored is undone.
     */
    private static boolean loadedExactly(Connection connection, Table table, List<CheckedRow> rows,
            List<CheckedRow> valid, boolean atomic) throws SQLException {
        if (valid.isEmpty() || (atomic && valid.size() < rows.size())) {
            return false; // nothing to insert: the full check names every rule each row breaks
        }
        Savepoint beforeLoad = connection.setSavepoint();
        if (TableRows.loadExactly(connection, table, valid.stream().map(CheckedRow::values).toList())) {
            connection.releaseSavepoint(beforeLoad);
            return true;
        }
        connection.rollback(beforeLoad);
        return false;
    }

    /** Judges the relation rules of each row, in order, by which ids are stored; returns the valid rows. */
    private static List<CheckedRow> judge(Table table, List<CheckedRow> rows, IntPredicate stored,
            Map<Table, IntPredicate> parents) {
        RowValidator validator = new RowValidator(table, new RelationCheck(table, stored, parents));
        List<CheckedRow> valid = new ArrayList<>(rows.size());
        for (CheckedRow row : rows) {
            if (validator.relations(row).valid()) {
                valid.add(row);
            }
        }
        return valid;
    }

    /**
     * Which referenced parent rows exist, read with shared locks: they cannot be deleted or swapped away before
     * this batch commits.
     */
    private static Map<Table, IntPredicate> lockedParents(Connection connection, Table table, List<CheckedRow> rows)
            throws SQLException {
        Map<Table, IntPredicate> parents = new HashMap<>();
        List<Column> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            Table parent = columns.get(i).references();
            if (parent != null) {
                int index = i;
                List<Integer> referenced = rows.stream().map(r -> (Integer) r.values()[index])
                        .filter(Objects::nonNull).distinct().sorted().toList();
                Set<Integer> found = TableRows.lockedIds(connection, parent, referenced);
                parents.merge(parent, found::contains, IntPredicate::or);
            }
        }
        return parents;
    }

    /** Copies of the rows with their own violation lists: an attempt that is retried leaves no trace in them. */
    private static List<CheckedRow> fresh(List<CheckedRow> rows) {
        return rows.stream().map(r -> new CheckedRow(r.values(), new ArrayList<>(r.violations()), r.source())).toList();
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

    private String text(BatchResult result) {
        try {
            return json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A batch result is always JSON", e);
        }
    }

    private BatchResult replay(StoredAnswer first) {
        try {
            return json.readValue(first.json(), BatchResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt answer stored for an idempotency key", e);
        }
    }
}
