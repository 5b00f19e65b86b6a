package io.hireflow.api.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A history load as {@code GET /history/loads/{id}} reports it: progress while it runs, the closing
 * summary per table when it is done.
 */
public record LoadStatus(String id, String status, boolean dryRun, Instant createdAt, Instant finishedAt,
        List<TableStatus> tables) {

    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    /** The load stopped reporting (its API process died); rerun it, nothing was half-written. */
    public static final String INTERRUPTED = "INTERRUPTED";

    /** One table's file within a load. */
    public record TableStatus(String table, String file, String checksum, String status, long rowsRead,
            long rowsInserted, long rowsRejected, Map<String, Long> rejectedByRule, Double seconds,
            Long rowsPerSecond, String message) {

        public static final String PENDING = "PENDING";
        public static final String RUNNING = "RUNNING";
        public static final String LOADED = "LOADED";
        /** The same file (by checksum) was loaded before; nothing to do. */
        public static final String SKIPPED = "SKIPPED";
        /** Dry run: every row checked, nothing written. */
        public static final String VALIDATED = "VALIDATED";
        public static final String FAILED = "FAILED";
    }
}
