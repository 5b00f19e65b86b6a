package io.hireflow.api.observe;

import io.hireflow.api.dictionary.Table;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backup and restore meters, in one place so the names stay stable for dashboards and the
 * alert rules in {@code prometheus/alerts.yml}. The backup and restore services call it.
 *
 * <p>{@code hireflow.backup.last.success.seconds{table}} exists from start-up with value 0 (never),
 * so the "no backup in 24 h" alert fires for a table that was never backed up as well.
 */
@Startup // the last-success gauges must exist before the first backup, or the "never" alert cannot fire
@ApplicationScoped
public class BackupMetrics {

    private final MeterRegistry registry;
    private final Map<Table, AtomicLong> lastSuccess = new EnumMap<>(Table.class);
    private final Counter scheduleFailures;

    BackupMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Exported as 0 from start-up, so an alert on its increase has a series to compare with.
        this.scheduleFailures = Counter.builder("hireflow.backup.schedule.failures")
                .description("Scheduled backup runs that failed; the next tick tries again").register(registry);
        for (Table table : Table.values()) {
            AtomicLong epochSeconds = new AtomicLong();
            lastSuccess.put(table, epochSeconds);
            registry.gauge("hireflow.backup.last.success.seconds",
                    Tags.of("table", table.tableName()), epochSeconds, AtomicLong::get);
        }
    }

    /** A backup of one table finished and its file is complete. */
    public void backupSucceeded(Table table, Duration took, long rows, long bytes) {
        Timer.builder("hireflow.backup.duration").tag("table", table.tableName()).register(registry).record(took);
        summary("hireflow.backup.rows", table, "rows").record(rows);
        summary("hireflow.backup.bytes", table, "bytes").record(bytes);
        lastSuccess.get(table).set(Instant.now().getEpochSecond());
    }

    /** A backup failed; the previous backups are untouched. */
    public void backupFailed(Table table) {
        registry.counter("hireflow.backup.failures", "table", table.tableName()).increment();
    }

    /** A scheduled backup run failed (storage, database, or its lease or record); the next tick tries again. */
    public void scheduledBackupFailed() {
        scheduleFailures.increment();
    }

    /** Scheduled backup runs that failed since start-up. */
    public double scheduledBackupFailures() {
        return scheduleFailures.count();
    }

    /** A restore of one table finished (or a dry run checked it). */
    public void restoreSucceeded(Table table, Duration took, long rows, boolean dryRun) {
        Timer.builder("hireflow.restore.duration").tag("table", table.tableName())
                .tag("dryRun", Boolean.toString(dryRun)).register(registry).record(took);
        summary("hireflow.restore.rows", table, "rows").record(rows);
    }

    public void restoreFailed(Table table) {
        registry.counter("hireflow.restore.failures", "table", table.tableName()).increment();
    }

    /** Epoch seconds of the table's last successful backup, 0 if none since start-up. */
    public long lastSuccessEpochSeconds(Table table) {
        return lastSuccess.get(table).get();
    }

    private DistributionSummary summary(String name, Table table, String unit) {
        return DistributionSummary.builder(name).baseUnit(unit).tag("table", table.tableName()).register(registry);
    }
}
