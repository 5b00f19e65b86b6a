package io.hireflow.api.history;

import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Violation;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The running counts of one table's file in a load; turned into a {@link LoadStatus.TableStatus}. */
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
    final Map<String, Long> rejectedByRule = new TreeMap<>();
    private long startedNanos;
    private Double seconds;

    TableProgress(int position, Table table) {
        this.position = position;
        this.table = table;
    }

    void start(String file, String checksum) {
        this.file = file;
        this.checksum = checksum;
        this.status = LoadStatus.TableStatus.RUNNING;
        this.startedNanos = System.nanoTime();
    }

    void rejected(List<Violation> violations) {
        rowsRejected++;
        violations.stream().map(v -> v.rule().code()).distinct()
                .forEach(rule -> rejectedByRule.merge(rule, 1L, Long::sum));
    }

    void end(String status, String message) {
        this.status = status;
        this.message = message;
        this.seconds = elapsedSeconds();
    }

    double elapsedSeconds() {
        if (seconds != null) {
            return seconds;
        }
        return startedNanos == 0 ? 0 : (System.nanoTime() - startedNanos) / 1e9;
    }

    Long rowsPerSecond() {
        return rowsPerSecond(rowsRead, elapsedSeconds());
    }

    /** Rows read per second, rounded; {@code null} while no time is known (a stored table may have none). */
    static Long rowsPerSecond(long rows, Double seconds) {
        return seconds != null && seconds > 0 ? Math.round(rows / seconds) : null;
    }

    /** A one-line closing summary for the log. */
    String summary() {
        return String.format("%s: %s %s — read %d, inserted %d, rejected %d %s in %.2f s (%s rows/s)%s",
                table, status, file, rowsRead, rowsInserted, rowsRejected, rejectedByRule, elapsedSeconds(),
                rowsPerSecond(), message == null ? "" : " — " + message);
    }
}
