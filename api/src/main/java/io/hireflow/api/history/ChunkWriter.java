package io.hireflow.api.history;

import io.hireflow.api.database.Lease;
import io.hireflow.api.database.LeaseHolder;
import io.hireflow.api.database.Leases;
import io.hireflow.api.database.LoadDataEncoder;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.rejects.Reject;
import io.hireflow.api.rejects.RejectsLog;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Commits chunks of one file on one connection, each in one transaction: its valid rows
 * ({@code LOAD DATA}), its progress row, a check that the leases guarding the load are still ours,
 * and its rejects (another {@code LOAD DATA}). The check reads the lease rows in share mode, so no one can take them over until
 * the chunk has committed; a chunk that finds one lost rolls back and stops the load.
 */
final class ChunkWriter implements ChunkPipeline.Sink {

    private final Connection connection;
    private final Table table;
    private final String loadId;
    private final String checksum;
    private final LoadedFiles files;
    private final RejectsLog rejectsLog;
    private final Leases leases;
    private final List<Lease> guards;
    private final ChunkTimings timings;

    ChunkWriter(Connection connection, Table table, String loadId, String checksum, LoadedFiles files,
            RejectsLog rejectsLog, Leases leases, List<Lease> guards, ChunkTimings timings) throws SQLException {
        this.connection = connection;
        this.table = table;
        this.loadId = loadId;
        this.checksum = checksum;
        this.files = files;
        this.rejectsLog = rejectsLog;
        this.leases = leases;
        this.guards = guards;
        this.timings = timings;
        connection.setAutoCommit(false);
    }

    /** Commits the chunk, or rolls it back and throws. */
    @Override
    public void write(ChunkChecker.CheckedChunk chunk) throws SQLException {
        long t = System.nanoTime();
        try {
            if (chunk.rowsInserted() > 0) {
                long loaded = LoadDataEncoder.load(connection, table, table.tableName(),
                        new ByteArrayInputStream(chunk.tsv()));
                if (loaded != chunk.rowsInserted()) {
                    throw new SQLException("the database stored " + loaded + " rows of the chunk at line "
                            + chunk.chunk().firstLine() + " but " + chunk.rowsInserted() + " were sent");
                }
            }
            t = timings.add(ChunkTimings.Step.ROWS, t);
            files.recordChunk(connection, table, checksum, loadId, chunk);
            t = timings.add(ChunkTimings.Step.PROGRESS, t);
            for (Lease guard : guards) {
                Optional<LeaseHolder> holder = leases.heldOn(connection, guard.name());
                if (holder.isEmpty() || !holder.get().owner().equals(guard.owner())) {
                    throw new LeaseLostException(guard, holder);
                }
            }
            t = timings.add(ChunkTimings.Step.LEASES, t);
            // Last before the commit: it takes the table's rejects order lock, which the other writer's
            // chunk waits for, so that lock is held only for this LOAD DATA and the commit.
            rejectsLog.load(connection, chunk.rejects());
            t = timings.add(ChunkTimings.Step.REJECTS, t);
            connection.commit();
            t = timings.add(ChunkTimings.Step.COMMIT, t);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
        rejectsLog.counted(table, Reject.HISTORY, chunk.rowsRejected(), chunk.rejectedByRule());
        timings.add(ChunkTimings.Step.METRICS, t);
    }

    private void rollbackQuietly() {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // The connection is gone; the server rolls the transaction back by itself.
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!connection.isClosed()) {
                connection.setAutoCommit(true);
            }
        } finally {
            connection.close();
        }
    }

    /** A lease guarding the load expired or was taken over: the load must stop, its chunk rolled back. */
    static final class LeaseLostException extends RuntimeException {
        LeaseLostException(Lease lease, Optional<LeaseHolder> holder) {
            super("lost the " + lease.name() + " lease (" + holder.map(h -> "now " + h.describe())
                    .orElse("it expired: the database did not see it renewed in time") + ")");
        }
    }
}
