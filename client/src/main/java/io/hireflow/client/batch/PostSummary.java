package io.hireflow.client.batch;

import java.util.List;
import java.util.Map;

/**
 * What a {@code post} did: per file and in total, rows sent, inserted and rejected, rejects by rule
 * (a row breaking two rules counts under both), and where the rejected rows were written.
 *
 * @param notInserted valid rows left out because an {@code --atomic} batch held a bad row
 */
public record PostSummary(String table, boolean atomic, List<FileResult> files, int batches, long sent,
        long inserted, long rejected, long notInserted, Map<String, Long> rejectedByRule, String rejectsFile) {

    /** The counts for one file. */
    public record FileResult(String file, int batches, long sent, long inserted, long rejected, long notInserted) {
    }

    public boolean clean() {
        return rejected == 0 && notInserted == 0;
    }
}
