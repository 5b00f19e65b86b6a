package io.hireflow.api.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.database.Leases;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.observe.BackupMetrics;
import io.hireflow.api.storage.ObjectStorage;
import io.hireflow.api.support.HeapPeak;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** For benchmarks: backs up and restores through the real services over any storage, timed, heap watched. */
@ApplicationScoped
public class BackupTargets {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Leases leases;

    @Inject
    HireflowConfig config;

    @Inject
    BackupMetrics metrics;

    @Inject
    ObjectMapper json;

    @Inject
    BackupStore configured;

    @Inject
    BackupFixtures fixtures;

    /** One timed step. */
    public record Timed(String id, long rows, long bytes, double seconds, long peakHeap, boolean digestMatches) {
    }

    public ObjectStorage configured() {
        return configured.storage();
    }

    public void seedEmployees(int count, int departments, int jobs) {
        for (int from = 1; from <= count; from += 100_000) {
            fixtures.seedEmployees(from, Math.min(100_000, count - from + 1), departments, jobs);
        }
    }

    public Timed backup(ObjectStorage storage, Table table) throws Exception {
        BackupService service = new BackupService(dataSource, new BackupStore(storage, json), config, metrics, "bench");
        HeapPeak peak = HeapPeak.begin();
        long t0 = System.nanoTime();
        BackupMetadata backup = service.backup(table);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Timed(backup.id(), backup.rows(), backup.bytes(), seconds, peak.end(), true);
    }

    public Timed restore(ObjectStorage storage, Table table, String id) throws Exception {
        RestoreService service = new RestoreService(dataSource, leases, new BackupStore(storage, json), metrics);
        try {
            HeapPeak peak = HeapPeak.begin();
            long t0 = System.nanoTime();
            RestoreResult result = service.restore(table, id, false);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Timed(id, result.rows(), 0, seconds, peak.end(), Boolean.TRUE.equals(result.digestMatches()));
        } finally {
            service.stop();
        }
    }

}
