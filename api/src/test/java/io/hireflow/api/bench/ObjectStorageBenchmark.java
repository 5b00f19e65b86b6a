package io.hireflow.api.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.backup.BackupTargets;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.storage.FolderStorage;
import io.hireflow.api.storage.ObjectStorage;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.S3ServerResource;
import io.hireflow.api.support.S3Target;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Backup and restore of 1M employees to and from an S3 bucket (s3proxy on loopback, objects in a folder)
 * against the shared folder, in one run, API heap capped by the bench profile (-Xmx256m). Not a unit test:
 * {@code ./mvnw -B test -pl client,api -Pbench -Dtest=ObjectStorageBenchmark}; figures to
 * {@code api/target/bench/object-storage.md}.
 */
@QuarkusTest
@TestProfile(S3Target.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ObjectStorageBenchmark {

    static final int EMPLOYEES = Integer.getInteger("bench.rows", 1_000_000);

    @Inject
    Database db;

    @Inject
    BackupTargets targets;

    private final List<String> report = new ArrayList<>();

    @Test
    void backupAndRestoreOneMillionEmployeesToTheBucketAndTheFolder() throws Exception {
        line("Load average at start: %s", loadAverage());
        db.clear();
        db.seedDepartmentsAndJobs(100, 50);
        long t = System.nanoTime();
        targets.seedEmployees(EMPLOYEES, 100, 50);
        line("Seeded %,d employees in %.1f s.", EMPLOYEES, (System.nanoTime() - t) / 1e9);
        Path folder = Files.createTempDirectory(Files.createDirectories(Path.of("target/bench")), "folder-backups-");
        List<ObjectStorage> storages = List.of(new FolderStorage(folder), targets.configured());
        line("| target | step | seconds | rows/s | bytes | heap used, peak (MiB) | load average |");
        line("|---|---|---|---|---|---|---|");
        for (int run = 0; run <= 2; run++) { // run 0 warms the JIT and the buffer pool, not reported
            for (ObjectStorage storage : storages) {
                String name = storage instanceof FolderStorage ? "shared folder" : "S3 bucket (s3proxy)";
                BackupTargets.Timed backup = targets.backup(storage, Table.EMPLOYEES);
                BackupTargets.Timed restore = targets.restore(storage, Table.EMPLOYEES, backup.id());
                assertTrue(restore.digestMatches(), "restored content equals the backup's");
                assertEquals(EMPLOYEES, backup.rows());
                if (run > 0) {
                    line("| %s | backup (run %d) | %.2f | %,.0f | %,d | %d | %s |", name, run, backup.seconds(),
                            EMPLOYEES / backup.seconds(), backup.bytes(), backup.peakHeap() >> 20, loadAverage());
                    line("| %s | restore (run %d) | %.2f | %,.0f | | %d | %s |", name, run, restore.seconds(),
                            EMPLOYEES / restore.seconds(), restore.peakHeap() >> 20, loadAverage());
                }
            }
        }
        line("Heap limit: %d MiB (bench profile).", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() >> 20);
        Path out = Path.of(System.getProperty("bench.out", "target/bench/object-storage.md"));
        Files.createDirectories(out.getParent());
        Files.write(out, report);
        assertTrue(S3ServerResource.server != null);
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        report.add(text);
    }

    private static String loadAverage() throws java.io.IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }
}
