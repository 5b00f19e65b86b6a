package io.hireflow.api.backup;

import io.hireflow.api.failure.UnusableContentException;

/** The refusals of a backup file that cannot be trusted; all leave every table unchanged. */
final class BackupProblems {

    static final String UNCHANGED = " Nothing was changed.";

    private BackupProblems() {
    }

    static UnusableContentException unusable(String slug, String title, BackupMetadata backup, String detail) {
        return (UnusableContentException) new UnusableContentException(slug, title, "Backup " + backup.id() + " of " + backup.table() + ": " + detail
                + UNCHANGED).with("backup", backup.id()).with("table", backup.table());
    }
}
