package io.hireflow.api.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A history load as {@code GET /history/loads/{id}} reports it: progress while it runs (rows per
 * second, rows to go, an ETA), the closing summary per table when it is done.
 *
 * @param rowsPerSecond rows read per second by the running table, this run
 * @param rowsToGo an estimate of the rows left in the load's files, from their sizes
 * @param etaSeconds an estimate of the seconds left, at the current rate
 */
public record LoadStatus(String id, String status, boolean dryRun, Instant createdAt, Instant finishedAt,
        Long rowsPerSecond, Long rowsToGo, Long etaSeconds, List<TableStatus> tables) {

    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    /** The load stopped reporting (its API process died); run it again: it resumes after its last chunk. */
    public static final String INTERRUPTED = "INTERRUPTED";

    /** The status with the load-wide rate, rows to go and ETA worked out from its tables. */
    static LoadStatus of(String id, String status, boolean dryRun, Instant createdAt, Instant finishedAt,
            List<TableStatus> tables) {
        if (!RUNNING.equals(status)) {
            return new LoadStatus(id, status, dryRun, createdAt, finishedAt, null, null, null, tables);
        }
        Long rate = tables.stream().filter(t -> TableStatus.RUNNING.equals(t.status())).map(TableStatus::rowsPerSecond)
                .filter(r -> r != null).findFirst().orElse(null);
        // Pending files have a size but no rows read yet: count them at the bytes per row seen so far.
        long rows = tables.stream().mapToLong(TableStatus::rowsRead).sum();
        long bytes = tables.stream().mapToLong(t -> t.bytesDone() == null ? 0 : t.bytesDone()).sum();
        long toGo = 0;
        for (TableStatus t : tables) {
            if (t.rowsToGo() != null) {
                toGo += t.rowsToGo();
            } else if (TableStatus.PENDING.equals(t.status()) && t.fileBytes() != null && bytes > 0) {
                toGo += Math.round((double) t.fileBytes() * rows / bytes);
            }
        }
        Long eta = rate == null || rate == 0 ? null : Math.round((double) toGo / rate);
        return new LoadStatus(id, status, dryRun, createdAt, finishedAt, rate, toGo, eta, tables);
    }

    /**
     * One table's file within a load.
     *
     * @param rowsPerSecond rows read per second by this load (a resumed load counts only its own rows)
     * @param fileBytes the file's size
     * @param bytesDone bytes of the file whose rows are committed (or checked, in a dry run)
     * @param rowsToGo rows left, estimated from the bytes left; 0 once the table is done
     * @param etaSeconds seconds left at the current rate
     * @param resumedFromLine the first line this load read, when it resumed an interrupted load
     */
    public record TableStatus(String table, String file, String checksum, String status, long rowsRead,
            long rowsInserted, long rowsRejected, Map<String, Long> rejectedByRule, Double seconds,
            Long rowsPerSecond, Long fileBytes, Long bytesDone, Long rowsToGo, Long etaSeconds, Long resumedFromLine,
            String message) {

        public static final String PENDING = "PENDING";
        public static final String RUNNING = "RUNNING";
        public static final String LOADED = "LOADED";
        /** The same file (by checksum) was loaded before; nothing to do. */
        public static final String SKIPPED = "SKIPPED";
        /** Dry run: every row checked, nothing written. */
        public static final String VALIDATED = "VALIDATED";
        public static final String FAILED = "FAILED";

        /** The table's status with rows to go and an ETA estimated from the bytes left. */
        static TableStatus of(String table, String file, String checksum, String status, long rowsRead,
                long rowsInserted, long rowsRejected, Map<String, Long> rejectedByRule, Double seconds,
                long rowsThisRun, Long fileBytes, long bytesDone, Long resumedFromLine, String message) {
            Long rate = TableProgress.rowsPerSecond(rowsThisRun, seconds);
            Long toGo = null;
            if (!PENDING.equals(status) && !RUNNING.equals(status)) {
                toGo = 0L;
            } else if (fileBytes != null && bytesDone > 0) {
                toGo = Math.round((double) rowsRead * (fileBytes - bytesDone) / bytesDone);
            }
            Long eta = toGo == null || rate == null || rate == 0 ? null : Math.round((double) toGo / rate);
            return new TableStatus(table, file, checksum, status, rowsRead, rowsInserted, rowsRejected, rejectedByRule,
                    seconds, rate, fileBytes, bytesDone, toGo, eta, resumedFromLine, message);
        }
    }
}
