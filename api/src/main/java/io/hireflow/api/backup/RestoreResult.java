package io.hireflow.api.backup;

/**
 * What a restore did (or, for a dry run, would do) to one table.
 *
 * @param rows rows in the table after the restore (loaded into staging for a dry run)
 * @param rowsBefore rows the live table had before
 * @param digestMatches the live table's content digest equals the backup's after the swap ({@code null} on a dry run)
 */
public record RestoreResult(String table, String backup, long rows, long rowsBefore, double seconds, boolean dryRun,
        Boolean digestMatches, String contentDigest, boolean schemaResolved) {
}
