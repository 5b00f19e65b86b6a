package io.hireflow.api.backup.schedule;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.backup.BackupFixtures;
import io.hireflow.api.backup.BackupSet;
import io.hireflow.api.backup.BackupStore;
import io.hireflow.api.backup.schedule.ScheduledBackups.TickResult;
import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.database.Lease;
import io.hireflow.api.database.Leases;
import io.hireflow.api.observe.BackupMetrics;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.TestTokens;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled backup sets against the real database and backup folder: the cron fires, a tick runs once across
 * replicas (the runs table's key), overlapping runs skip (the lease), failures are recorded, counted and
 * retried at the next tick. Ticks are run directly with planned times in 2030, so the firing schedule (paused
 * unless a test watches it) never collides with them.
 */
@QuarkusTest
@TestProfile(EverySecond.class)
class ScheduledBackupsTest {

    private static final Instant TICK = Instant.parse("2030-01-01T02:30:00Z");

    @Inject
    ScheduledBackups scheduled;

    @Inject
    Scheduler scheduler;

    @Inject
    Leases leases;

    @Inject
    BackupStore store;

    @Inject
    BackupMetrics metrics;

    @Inject
    HireflowConfig config;

    @Inject
    Database db;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    BackupFixtures fixtures;

    @BeforeEach
    void quiet() throws Exception {
        scheduler.pause(ScheduledBackups.JOB);
        Thread.sleep(300); // a tick fired just before the pause may not hold the lease yet
        await("a tick in flight to end", this::leaseFree);
        restoreBackupsFolder();
        db.clear();
        db.update("DELETE FROM backup_schedule_runs");
        fixtures.clearBackups();
        db.seedDepartmentsAndJobs(3, 2);
        fixtures.seedEmployees(1, 50, 3, 2);
    }

    @AfterEach
    void backToNormal() throws IOException {
        scheduler.pause(ScheduledBackups.JOB);
        restoreBackupsFolder();
    }

    @Test
    void theCronFiresAndGetScheduleShowsTheNextAndLastRun() throws Exception {
        scheduler.resume(ScheduledBackups.JOB);
        await("a scheduled run to succeed",
                () -> db.count("backup_schedule_runs WHERE outcome = 'SUCCEEDED'") > 0);
        scheduler.pause(ScheduledBackups.JOB);
        await("the run in flight to end", () -> leaseFree()
                && db.count("backup_schedule_runs WHERE outcome = 'RUNNING'") == 0);

        JsonPath schedule = given().header("Authorization", TestTokens.bearer(TestTokens.READER)).when()
                .get("/backups/schedule").then().log().ifValidationFails().statusCode(200)
                .body("cron", equalTo(EverySecond.CRON)).body("enabled", equalTo(true))
                .body("timeZone", equalTo("UTC")).body("nextRun", notNullValue())
                .body("lastRun.outcome", equalTo("SUCCEEDED")).body("lastRun.replica", equalTo(leases.replica()))
                .extract().jsonPath();
        Instant tick = Instant.parse(schedule.getString("lastRun.tick"));
        assertEquals(0, tick.getNano(), "a tick is whole seconds: " + tick);
        assertTrue(!Instant.parse(schedule.getString("lastRun.finishedAt"))
                .isBefore(Instant.parse(schedule.getString("lastRun.startedAt"))), schedule.prettify());
        assertTrue(Instant.parse(schedule.getString("nextRun")).isAfter(tick), schedule.prettify());
        given().when().get("/backups/" + schedule.getString("lastRun.setId")).then().statusCode(200)
                .body("complete", equalTo(true)).body("backups", hasSize(3));
        assertEquals(db.count("backup_schedule_runs"), db.count("(SELECT DISTINCT tick FROM backup_schedule_runs) t"));
    }

    @Test
    void aTickBacksUpEveryTableAsOneSetAndRecordsTheRun() throws Exception {
        assertEquals(TickResult.SUCCEEDED, scheduled.run(TICK.plusMillis(123)));

        String setId = db.text("SELECT set_id FROM backup_schedule_runs WHERE tick = '2030-01-01 02:30:00'");
        assertEquals("SUCCEEDED", db.text("SELECT outcome FROM backup_schedule_runs"));
        assertEquals(leases.replica(), db.text("SELECT replica FROM backup_schedule_runs"));
        BackupSet set = store.requireSet(setId);
        assertTrue(set.complete());
        assertEquals(List.of(3L, 2L, 50L), set.backups().stream().map(b -> b.rows()).toList());
        assertTrue(leaseFree(), "the lease is freed after the run");

        given().when().get("/backups/schedule").then().statusCode(200)
                .body("lastRun.tick", equalTo("2030-01-01T02:30:00Z")).body("lastRun.setId", equalTo(setId))
                .body("lastRun.outcome", equalTo("SUCCEEDED"));
    }

    @Test
    void theRunsLogLinesCarryTheTickWhereRequestsCarryTheirId() throws Exception {
        // A tick of its own, so that lines of earlier test runs in the same log cannot answer for this one.
        Instant tick = Instant.now().plus(Duration.ofDays(3650)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertEquals(TickResult.SUCCEEDED, scheduled.run(tick));
        String id = "scheduled-backup-" + tick;
        Path log = config.sharedDir().resolve("logs/api.log");
        List<String> lines = List.of();
        for (int i = 0; i < 20 && lines.size() < 4; i++) { // the file handler may write a moment later
            lines = Files.readAllLines(log).stream().filter(l -> l.contains(" " + id + " ")).toList();
            Thread.sleep(100);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("rows of employees")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("wrote backup set")), String.join("\n", lines));
    }

    @Test
    void aTickDroppedBecauseTheLastRunStillGoesIsLoggedAndAStuckRecordCountsAsAFailure() throws Exception {
        double failures = metrics.scheduledBackupFailures();
        long started = System.currentTimeMillis();
        try (Connection other = dataSource.getConnection(); Statement locks = other.createStatement()) {
            // Locks the whole (empty) runs table until rolled back: the next run's insert waits for the lock
            // (2 s in tests, then fails), longer than the period, so the scheduler must drop the tick after it.
            other.setAutoCommit(false);
            locks.executeQuery("SELECT tick FROM backup_schedule_runs WHERE tick > '2000-01-01' FOR UPDATE").close();
            scheduler.resume(ScheduledBackups.JOB);
            await("a run to fail on the lock", () -> metrics.scheduledBackupFailures() > failures);
            scheduler.pause(ScheduledBackups.JOB);
            other.rollback();
        }
        Path log = config.sharedDir().resolve("logs/api.log");
        List<String> skipped = List.of();
        for (int i = 0; i < 20 && skipped.isEmpty(); i++) {
            skipped = Files.readAllLines(log).stream().filter(l -> l.contains("the previous run on this replica is "
                    + "still going")).filter(l -> logTime(l) >= started - 1000).toList();
            Thread.sleep(100);
        }
        assertFalse(skipped.isEmpty(), "no skipped tick logged");
        assertTrue(skipped.get(0).contains("choose a less frequent hireflow.backup.schedule.cron"), skipped.get(0));
        List<String> failed = Files.readAllLines(log).stream().filter(l -> l.contains("could not record the run"))
                .filter(l -> logTime(l) >= started - 1000).toList();
        assertFalse(failed.isEmpty(), "the run that could not record itself is logged as failed");
        assertTrue(failed.get(0).contains("ERROR") && failed.get(0).contains("the next tick tries again"), failed.get(0));
    }

    /** Epoch millis of a file log line ({@code 2026-12-07T13:20:57.620+00:00 INFO ...}). */
    private static long logTime(String line) {
        try {
            return java.time.OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant().toEpochMilli();
        } catch (RuntimeException notALogLine) {
            return 0;
        }
    }

    @Test
    void aTickFiredByTwoReplicasRunsOnce() throws Exception {
        assertEquals(TickResult.SUCCEEDED, scheduled.run(TICK));
        // The second replica fires the same tick a little later (its clock, its thread pool): it skips.
        assertEquals(TickResult.ALREADY_RUN, scheduled.run(TICK.plusMillis(700)));
        assertEquals(1, db.count("backup_schedule_runs"));
        assertEquals(1, store.listSets().size());

        // And at the same moment: one runs, the other finds the lease or the tick's row taken.
        Instant next = TICK.plusSeconds(60);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            Callable<TickResult> fire = () -> scheduled.run(next);
            List<Future<TickResult>> results = replicas.invokeAll(List.of(fire, fire));
            List<TickResult> outcomes = List.of(results.get(0).get(), results.get(1).get());
            assertEquals(1, outcomes.stream().filter(r -> r == TickResult.SUCCEEDED).count(), outcomes.toString());
            assertTrue(outcomes.stream().allMatch(r -> r == TickResult.SUCCEEDED || r == TickResult.LEASE_BUSY
                    || r == TickResult.ALREADY_RUN), outcomes.toString());
        } finally {
            replicas.shutdownNow();
        }
        assertEquals(2, db.count("backup_schedule_runs"));
        assertEquals(2, store.listSets().size());
    }

    @Test
    void aRunHoldingTheLeaseElsewhereMakesThisTickSkipWithoutARecord() throws Exception {
        double failures = metrics.scheduledBackupFailures();
        try (Lease elsewhere = leases.tryAcquire(ScheduledBackups.JOB, Duration.ofSeconds(30), "another replica")
                .orElseThrow()) {
            assertEquals(TickResult.LEASE_BUSY, scheduled.run(TICK));
            assertTrue(elsewhere.isHeld());
        }
        assertEquals(0, db.count("backup_schedule_runs"), "a skipped tick leaves no run");
        assertEquals(0, store.listSets().size());
        assertEquals(failures, metrics.scheduledBackupFailures(), "a skip is not a failure");

        // The tick was not used up: once the lease is free it runs.
        assertEquals(TickResult.SUCCEEDED, scheduled.run(TICK));
    }

    @Test
    void aFailedRunIsRecordedCountedAndTheNextTickSucceeds() throws Exception {
        double failures = metrics.scheduledBackupFailures();
        breakBackupsFolder();

        assertEquals(TickResult.FAILED, scheduled.run(TICK));
        assertEquals("FAILED", db.text("SELECT outcome FROM backup_schedule_runs"));
        String message = db.text("SELECT message FROM backup_schedule_runs");
        assertTrue(message.contains(config.backupsDir().toAbsolutePath().normalize().toString()), message);
        assertTrue(message.contains("is writable") && message.contains("the next tick tries again")
                && message.contains("POST /backups"), message);
        assertEquals(failures + 1, metrics.scheduledBackupFailures());
        String scraped = given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract()
                .asString();
        assertTrue(scraped.lines().anyMatch(l -> l.startsWith("hireflow_backup_schedule_failures_total")
                && !l.endsWith(" 0.0")), "failures counted in /q/metrics");
        given().when().get("/backups/schedule").then().statusCode(200).body("lastRun.outcome", equalTo("FAILED"))
                .body("lastRun.message", equalTo(message)).body("lastRun.setId", equalTo(null));
        assertTrue(leaseFree(), "a failed run frees the lease too");

        restoreBackupsFolder();
        assertEquals(TickResult.SUCCEEDED, scheduled.run(TICK.plusSeconds(86_400)));
        given().when().get("/backups/schedule").then().statusCode(200)
                .body("lastRun.outcome", equalTo("SUCCEEDED")).body("lastRun.message", equalTo(null));
        assertEquals(1, store.listSets().size());
        assertEquals(failures + 1, metrics.scheduledBackupFailures());
    }

    @Test
    void aRunWhoseProcessStoppedShowsAsInterruptedNotForeverRunning() throws Exception {
        db.update("INSERT INTO backup_schedule_runs (tick, replica, started_at, outcome) VALUES "
                + "('2030-01-01 02:30:00', 'api@gone:7', '2030-01-01 02:30:00.010', 'RUNNING')");
        try (Lease running = leases.tryAcquire(ScheduledBackups.JOB, Duration.ofSeconds(30), "the run").orElseThrow()) {
            given().when().get("/backups/schedule").then().statusCode(200)
                    .body("lastRun.outcome", equalTo("RUNNING")).body("lastRun.message", equalTo(null));
        }
        String message = given().when().get("/backups/schedule").then().statusCode(200)
                .body("lastRun.outcome", equalTo("INTERRUPTED")).body("lastRun.replica", equalTo("api@gone:7"))
                .body("lastRun.finishedAt", equalTo(null)).extract().path("lastRun.message");
        assertTrue(message.contains("api@gone:7") && message.contains("the next tick runs again"), message);
        assertEquals("RUNNING", db.text("SELECT outcome FROM backup_schedule_runs"), "the row itself is left as is");
    }

    @Test
    void onlyTheNewestRunsAreKept() {
        for (int i = 0; i < ScheduleRuns.KEEP + 20; i++) {
            db.update("INSERT INTO backup_schedule_runs (tick, replica, started_at, outcome) VALUES "
                    + "(TIMESTAMPADD(MINUTE, " + i + ", '2029-01-01 00:00:00'), 'api@old:1', NOW(3), 'SUCCEEDED')");
        }
        assertEquals(TickResult.SUCCEEDED, scheduled.run(TICK));
        assertEquals(ScheduleRuns.KEEP, db.count("backup_schedule_runs"));
        assertEquals(1, db.count("backup_schedule_runs WHERE tick = '2030-01-01 02:30:00'"));
        assertEquals(0, db.count("backup_schedule_runs WHERE tick < '2029-01-01 00:21:00'"));
    }

    @Test
    void aReaderMaySeeTheScheduleButNotTakeABackup() {
        given().header("Authorization", TestTokens.bearer(TestTokens.READER)).when().get("/backups/schedule").then()
                .statusCode(200).body("enabled", equalTo(true));
        given().header("Authorization", TestTokens.bearer(TestTokens.READER)).when().post("/backups").then()
                .statusCode(403);
        given().header("Authorization", TestTokens.bearer(TestTokens.READER)).when().get("/backups").then()
                .statusCode(403);
        assertFalse(store.listSets().size() > 0);
        assertNotNull(scheduler.getScheduledJob(ScheduledBackups.JOB));
    }

    private boolean leaseFree() throws Exception {
        return leases.holder(ScheduledBackups.JOB).isEmpty();
    }

    /** A plain file where the backups folder should be: every write below it fails, as on a broken volume. */
    private void breakBackupsFolder() throws IOException {
        Path folder = config.backupsDir();
        fixtures.clearBackups();
        Files.deleteIfExists(folder);
        Files.writeString(folder, "not a folder");
    }

    private void restoreBackupsFolder() throws IOException {
        Path folder = config.backupsDir();
        if (Files.isRegularFile(folder)) {
            Files.delete(folder);
        }
        Files.createDirectories(folder);
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
