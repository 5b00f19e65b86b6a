package io.hireflow.api.backup.schedule;

import java.time.Instant;

/**
 * The backup schedule as {@code GET /backups/schedule} answers it.
 *
 * @param cron the configured cron expression, or {@code null} when none is set
 * @param enabled whether ticks fire in this API process ({@code false}: no cron, or {@code off})
 * @param nextRun the next tick this process fires, {@code null} when disabled
 * @param lastRun the newest tick run by any replica, {@code null} before the first
 */
public record BackupSchedule(String cron, boolean enabled, String timeZone, Instant nextRun, ScheduleRun lastRun) {
}
