package io.hireflow.api.backup.schedule;

import java.time.Instant;

/**
 * One tick of the backup schedule as the runs table keeps it.
 *
 * @param tick the planned fire time (UTC, whole seconds): the run's key, one per tick across replicas
 * @param outcome {@code RUNNING}, then {@code SUCCEEDED} or {@code FAILED}; {@code INTERRUPTED} when its
 *     process stopped before recording one
 * @param setId the backup set written, when it succeeded
 * @param message what went wrong and what to do next, when it failed
 * @param replica the API process that ran it
 */
public record ScheduleRun(Instant tick, Instant startedAt, Instant finishedAt, String outcome, String setId,
        String message, String replica) {

    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    /** Never stored: a {@code RUNNING} row whose lease is gone, as {@code GET /backups/schedule} shows it. */
    public static final String INTERRUPTED = "INTERRUPTED";
}
