package io.hireflow.api.history;

import io.hireflow.api.dictionary.Table;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running counts of one table's file in a load; turned into a {@link LoadStatus.TableStatus}.
 * Chunks are counted by the thread that commits (or, in a dry run, checks) them, while the progress
 * saver reads: every access goes through this object's lock.
 */
final class TableProgress {

    final int position;
    final Table table;
    String file;
    String checksum;
    String status = LoadStatus.TableStatus.PENDING;
    String message;
    long rowsRead;
    long rowsInserted;
    long rowsRejected;
    /** Rows read by this load: the rows per second and the ETA are this run's, not the interrupted one's. */
    long rowsThisRun;
    long fileBytes;
    long bytesDone;
    /** Bytes this load skipped because an interrupted load committed them. */
    long bytesBefore;
    Long resumedFromLine;
    final Map<String, Long> rejectedByRule = new TreeMap<>();
    /** Where this run's time went; a dry pass before the real one gets its own. */
    ChunkTimings timings = new ChunkTimings();
    private long startedNanos;
    private Double seconds;

    TableProgress(int position, Table table) {
        this.position = position;
        this.table = table;
    }

    synchronized void start(String file, String checksum, long fileBytes) {
        this.file = file;
        this.checksum = checksum;
        this.fileBytes = fileBytes;
        this.status = LoadStatus.TableStatus.RUNNING;
        this.startedNanos = System.nanoTime();
    }

    /** Counts a chunk an interrupted load committed (the rows are in the table; this load skips them). */
    synchronized void before(LoadedFiles.Chunk chunk) {
        rowsRead += chunk.rowsRead();
        rowsInserted += chunk.rowsInserted();
        rowsRejected += chunk.rowsRejected();
        chunk.rejectedByRule().forEach((rule, n) -> rejectedByRule.merge(rule, n, Long::sum));
        bytesDone += chunk.endOffset() - chunk.startOffset();
        bytesBefore += chunk.endOffset() - chunk.startOffset();
    }

    /** Counts a chunk this load committed (or checked, in a dry run). */
    synchronized void done(ChunkChecker.CheckedChunk chunk) {
        rowsRead += chunk.rowsRead();
        rowsThisRun += chunk.rowsRead();
        rowsInserted += chunk.rowsInserted();
        rowsRejected += chunk.rowsRejected();
        chunk.rejectedByRule().forEach((rule, n) -> rejectedByRule.merge(rule, n, Long::sum));
        bytesDone += chunk.chunk().endOffset() - chunk.chunk().startOffset();
    }

    /** Forgets the counts of a dry pass before the real one. */
    synchronized void restart() {
        rowsRead = rowsInserted = rowsRejected = rowsThisRun = bytesDone = bytesBefore = 0;
        rejectedByRule.clear();
        timings = new ChunkTimings();
    }

    synchronized void end(String status, String message) {
        this.status = status;
        this.message = message;
        this.seconds = elapsedSeconds();
    }

    synchronized void note(String message) {
        this.message = message;
    }

    synchronized double elapsedSeconds() {
        if (seconds != null) {
            return seconds;
        }
        return startedNanos == 0 ? 0 : (System.nanoTime() - startedNanos) / 1e9;
    }

    synchronized Long rowsPerSecond() {
        return rowsPerSecond(rowsThisRun, elapsedSeconds());
    }

    /** Rows read per second, rounded; {@code null} while no time is known (a stored table may have none). */
    static Long rowsPerSecond(long rows, Double seconds) {
        return seconds != null && seconds > 0 ? Math.round(rows / seconds) : null;
    }

    /** A one-line closing summary for the log. */
    synchronized String summary() {
        return String.format("%s: %s %s — read %d, inserted %d, rejected %d %s in %.2f s (%s rows/s)%s; time by step: %s",
                table, status, file, rowsRead, rowsInserted, rowsRejected, rejectedByRule, elapsedSeconds(),
                rowsPerSecond(), message == null ? "" : " — " + message, timings.summary());
    }
}
