package io.hireflow.api.backup;

import java.util.List;

/** What restoring a backup set did to each table, parents first. */
public record SetRestoreResult(String setId, boolean dryRun, double seconds, List<RestoreResult> tables) {
}
