package io.hireflow.api.backup;

/**
 * What an import did, or with {@code dryRun} would do.
 *
 * @param dryRun true when nothing was stored
 * @param table the table the file was imported for
 * @param rows rows in the file, all valid
 * @param origin the file as sent and the mapping of its fields
 * @param backup the backup it became; {@code null} on a dry run
 */
public record ImportResult(boolean dryRun, String table, long rows, ImportOrigin origin, BackupMetadata backup) {
}
