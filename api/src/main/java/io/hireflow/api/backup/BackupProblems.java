package io.hireflow.api.backup;

import io.hireflow.api.problem.ProblemException;

/** The problem answers for a backup file that cannot be trusted; all 422, all leave every table unchanged. */
final class BackupProblems {

    static final String UNCHANGED = " Nothing was changed.";

    private BackupProblems() {
    }

    static ProblemException unusable(String slug, String title, BackupMetadata backup, String detail) {
        return new ProblemException(422, slug, title, "Backup " + backup.id() + " of " + backup.table() + ": " + detail
                + UNCHANGED).with("backup", backup.id()).with("table", backup.table());
    }
}
