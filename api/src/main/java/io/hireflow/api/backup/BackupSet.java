package io.hireflow.api.backup;

import java.time.Instant;
import java.util.List;

/**
 * Backups of every table taken from one consistent snapshot, restorable together.
 *
 * @param complete whether every member is still on disk (retention may have removed some)
 */
public record BackupSet(String setId, Instant createdAt, List<BackupMetadata> backups, Boolean complete) {
}
