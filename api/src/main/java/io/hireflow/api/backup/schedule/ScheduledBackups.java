package io.hireflow.api.backup.schedule;

import io.hireflow.api.backup.BackupService;
import io.hireflow.api.backup.BackupSet;
import io.hireflow.api.backup.BackupStore;
import io.hireflow.api.database.Lease;
import io.hireflow.api.database.Leases;
import io.hireflow.api.observe.BackupMetrics;
import io.hireflow.api.observe.RequestIds;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.SkippedExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jboss.logging.MDC;

/**
 * Backs up every table as a set at each tick of {@code hireflow.backup.schedule.cron}. Every API replica fires
 * every tick; the one that takes the scheduled-backup lease and inserts the tick's row runs it, the others
 * skip. A failed run is logged, recorded and counted, and the next tick simply tries again.
 */
@ApplicationScoped
public class ScheduledBackups {

    /** The scheduler job's identity and the lease's name. */
    static final String JOB = "scheduled-backup";
    /** Renewed every third of this while the backup runs; after a crash the lease frees itself this soon. */
    private static final Duration LEASE_TTL = Duration.ofSeconds(60);

    /** What one tick did on this replica. */
    enum TickResult {
        SUCCEEDED, FAILED,
        /** Another run holds the lease (on any replica): overlapping runs are skipped. */
        LEASE_BUSY,
        /** The tick's row exists: some replica ran this tick already. */
        ALREADY_RUN
    }

    private final BackupService backups;
    private final BackupStore store;
    private final Leases leases;
    private final ScheduleRuns runs;
    private final BackupMetrics metrics;

    ScheduledBackups(BackupService backups, BackupStore store, Leases leases, ScheduleRuns runs,
            BackupMetrics metrics) {
        this.backups = backups;
        this.store = store;
        this.leases = leases;
        this.runs = runs;
        this.metrics = metrics;
    }

    // "off" (the default) registers no trigger at all. SKIP only guards this process; the lease guards replicas.
    @Scheduled(identity = JOB, cron = "${hireflow.backup.schedule.cron:off}",
            timeZone = "${hireflow.backup.schedule.time-zone:UTC}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onTick(ScheduledExecution execution) {
        run(execution.getScheduledFireTime());
    }

    /** The scheduler drops a tick while this replica's previous run still goes: said, or nobody would know. */
    void onSkipped(@Observes SkippedExecution skipped) {
        if (JOB.equals(skipped.triggerId)) {
            Log.warnf("Scheduled backup of tick %s skipped: the previous run on this replica is still going (%s). "
                    + "If runs often outlast the schedule's period, choose a less frequent hireflow.backup.schedule.cron",
                    skipped.fireTime.truncatedTo(ChronoUnit.SECONDS), skipped.getDetail());
        }
    }

    /**
     * Runs the tick planned for {@code fireTime}, unless it runs or ran elsewhere. Never throws. Its log lines
     * (the backups' own included) carry {@code scheduled-backup-<tick>} where a request's lines carry its id.
     */
    TickResult run(Instant fireTime) {
        Instant tick = fireTime.truncatedTo(ChronoUnit.SECONDS);
        Object outer = MDC.get(RequestIds.MDC_KEY);
        MDC.put(RequestIds.MDC_KEY, JOB + "-" + tick);
        try {
            return runLeased(tick);
        } finally {
            if (outer == null) {
                MDC.remove(RequestIds.MDC_KEY);
            } else {
                MDC.put(RequestIds.MDC_KEY, outer);
            }
        }
    }

    private TickResult runLeased(Instant tick) {
        Optional<Lease> lease;
        try {
            lease = leases.tryAcquire(JOB, LEASE_TTL, "scheduled backup of tick " + tick);
        } catch (SQLException | RuntimeException e) {
            return failed(tick, "could not take the " + JOB + " lease: " + e.getMessage());
        }
        if (lease.isEmpty()) {
            Log.infof("Scheduled backup of tick %s skipped: %s", tick, holder());
            return TickResult.LEASE_BUSY;
        }
        try (Lease held = lease.get()) {
            return runClaimed(tick);
        }
    }

    /**
     * The newest run of any replica. A run still {@code RUNNING} while nobody holds the lease was cut off (its
     * API process stopped or lost the database before it could record the outcome): it says so.
     */
    Optional<ScheduleRun> lastRun() throws SQLException {
        Optional<ScheduleRun> last = runs.last();
        if (last.isEmpty() || !last.get().outcome().equals(ScheduleRun.RUNNING)
                || leases.holder(JOB).isPresent()) {
            return last;
        }
        ScheduleRun run = last.get();
        return Optional.of(new ScheduleRun(run.tick(), run.startedAt(), null, ScheduleRun.INTERRUPTED, null,
                "The run ended without recording an outcome: its API process (" + run.replica() + ") stopped or "
                        + "lost the database. Its backup set was not finished and is not listed as a set; the next "
                        + "tick runs again, or back up now with POST /backups (hireflow backup --all).",
                run.replica()));
    }

    private TickResult runClaimed(Instant tick) {
        try {
            if (!runs.claim(tick, leases.replica())) {
                Log.infof("Scheduled backup of tick %s skipped: %s", tick, runs.last()
                        .filter(run -> run.tick().equals(tick)).map(run -> "replica " + run.replica() + " ran it")
                        .orElse("it ran already"));
                return TickResult.ALREADY_RUN;
            }
        } catch (SQLException | RuntimeException e) {
            return failed(tick, "could not record the run: " + e.getMessage());
        }
        try {
            BackupSet set = backups.backupAll();
            finish(tick, ScheduleRun.SUCCEEDED, set.setId(), null);
            Log.infof("Scheduled backup of tick %s wrote backup set %s", tick, set.setId());
            return TickResult.SUCCEEDED;
        } catch (Exception e) {
            String message = advice(tick, e.toString());
            finish(tick, ScheduleRun.FAILED, null, message);
            return failed(tick, message, e);
        }
    }

    private void finish(Instant tick, String outcome, String setId, String message) {
        try {
            runs.finish(tick, outcome, setId, message);
            runs.prune();
        } catch (SQLException | RuntimeException e) {
            // The backup itself is done (or failed) either way; only its record is incomplete.
            Log.warnf("Could not record the outcome %s of scheduled backup tick %s: %s", outcome, tick, e.getMessage());
        }
    }

    private TickResult failed(Instant tick, String cause) {
        return failed(tick, advice(tick, cause), null);
    }

    private TickResult failed(Instant tick, String message, Exception cause) {
        metrics.scheduledBackupFailed();
        Log.error(message, cause);
        return TickResult.FAILED;
    }

    /** The failure in words, with what to do next. */
    private String advice(Instant tick, String cause) {
        return "Scheduled backup of tick " + tick + " failed: " + cause + ". The earlier backups are intact. Check "
                + "that the backup storage " + store.storage().location() + " is writable (disk space, permissions,"
                + " bucket and credentials) and the database is up; the next tick tries again, or back up now with "
                + "POST /backups (hireflow backup --all).";
    }

    private String holder() {
        try {
            return leases.holder(JOB).map(h -> h.describe()).orElse("another run just ended");
        } catch (SQLException e) {
            return "another run holds the " + JOB + " lease";
        }
    }
}
