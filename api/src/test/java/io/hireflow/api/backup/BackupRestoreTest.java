package io.hireflow.api.backup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.database.TableRows;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.storage.ObjectStorage;
import io.hireflow.api.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BackupRestoreTest {

    @Inject
    Database db;

    @Inject
    BackupFixtures fixtures;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void seed() {
        db.clear();
        fixtures.clearBackups();
        db.seedDepartmentsAndJobs(5, 4);
        fixtures.seedEmployees(1, 200, 5, 4);
    }

    static ExtractableResponse<Response> backup(String table) {
        return given().when().post("/tables/" + table + "/backups")
                .then().log().ifValidationFails().statusCode(201).extract();
    }

    static ExtractableResponse<Response> restore(String table, String backup, boolean dryRun) {
        return given().contentType(ContentType.JSON).body("{\"backup\":\"" + backup + "\"}")
                .when().post("/tables/" + table + "/restore?dryRun=" + dryRun)
                .then().log().ifValidationFails().extract();
    }

    @Test
    void backupAnswers201WithLocationAndMetadata() {
        ExtractableResponse<Response> created = backup("employees");
        String id = created.path("id");
        assertTrue(id.matches("\\d{8}T\\d{9}Z-[0-9a-f]{4}"), id);
        assertTrue(created.header("Location").endsWith("/tables/employees/backups/" + id), created.header("Location"));
        assertEquals("employees", created.path("table"));
        assertEquals(200, (int) created.path("rows"));
        assertEquals("zstandard", created.path("codec"));
        assertEquals("employees/employees-" + id + ".avro", created.path("file"));
        String sha = created.path("sha256");
        assertTrue(sha.matches("[0-9a-f]{64}"));
        Path file = fixtures.file(Table.EMPLOYEES, id);
        assertTrue(Files.exists(file));
        assertEquals(sha + "  employees-" + id + ".avro\n", read(file.resolveSibling(file.getFileName() + ".sha256")));
        given().when().get("/tables/employees/backups/" + id)
                .then().statusCode(200).body("id", equalTo(id)).body("rows", equalTo(200))
                .body("bytes", equalTo((int) size(file))).body("schemaFingerprint", matchesPattern("[0-9a-f]{64}"))
                .body("createdAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"));
    }

    @Test
    void roundTripRestoresExactlyTheBackedUpRows() {
        List<String> before = fixtures.content(Table.EMPLOYEES);
        String id = backup("employees").path("id");
        db.update("DELETE FROM employees WHERE employee_id <= 50");
        db.update("UPDATE employees SET employee_name = 'Changed' WHERE employee_id = 100");
        fixtures.seedEmployees(1000, 30, 5, 4);
        assertNotEquals(before, fixtures.content(Table.EMPLOYEES));

        ExtractableResponse<Response> restored = restore("employees", "latest", false);
        assertEquals(200, restored.statusCode());
        assertEquals("employees", restored.path("table"));
        assertEquals(id, restored.path("backup"));
        assertEquals(200, (int) restored.path("rows"));
        assertEquals(180, (int) restored.path("rowsBefore"));
        assertEquals(Boolean.FALSE, restored.path("dryRun"));
        assertEquals(Boolean.TRUE, restored.path("digestMatches"));
        assertEquals(before, fixtures.content(Table.EMPLOYEES));
        assertEquals(List.of(), fixtures.leftoverTables());
    }

    @Test
    void aLargeTableRestoresExactlyFromAllItsParts() {
        // Many blocks, so the parts a restore loads side by side each hold rows; text that needs escaping too.
        fixtures.seedEmployees(201, 29_800, 5, 4);
        db.update("UPDATE employees SET employee_name = 'Tab\there, back\\\\slash, new\nline, Müller, 東京, 😀' "
                + "WHERE employee_id IN (1, 15000, 29999)");
        List<String> before = fixtures.content(Table.EMPLOYEES);
        backup("employees");
        db.update("DELETE FROM employees WHERE employee_id % 3 = 0");

        ExtractableResponse<Response> restored = restore("employees", "latest", false);
        assertEquals(200, restored.statusCode());
        assertEquals(30_000, (int) restored.path("rows"));
        assertEquals(Boolean.TRUE, restored.path("digestMatches"));
        assertEquals(before, fixtures.content(Table.EMPLOYEES));
        assertEquals(List.of(), fixtures.leftoverTables());
    }

    @Test
    void restoresABackupByIdAndKeepsTheTablesIndexes() {
        String indexes = "SELECT GROUP_CONCAT(DISTINCT index_name ORDER BY index_name) FROM information_schema.statistics "
                + "WHERE table_schema = DATABASE() AND table_name = 'employees'";
        String before = db.text(indexes);
        String first = backup("departments").path("id");
        db.update("UPDATE departments SET department_name = 'Renamed' WHERE department_id = 2");
        backup("departments");
        restore("departments", first, false);
        assertEquals(1, db.count("departments WHERE department_id = 2 AND department_name = 'Department 2'"));
        // The swapped-in table was created LIKE the live one: its indexes (the reports' too) are still there.
        assertEquals(before, db.text(indexes));
        restore("employees", "latest", false);
        assertEquals(before, db.text(indexes));
        assertTrue(before.contains("employees_hiring"), before);
    }

    @Test
    void dryRunChecksAndStagesButChangesNothing() {
        backup("employees");
        db.update("DELETE FROM employees WHERE employee_id > 150");
        List<String> live = fixtures.content(Table.EMPLOYEES);
        ExtractableResponse<Response> rehearsal = restore("employees", "latest", true);
        assertEquals(200, rehearsal.statusCode());
        assertEquals(Boolean.TRUE, rehearsal.path("dryRun"));
        assertEquals(200, (int) rehearsal.path("rows"));
        assertEquals(150, (int) rehearsal.path("rowsBefore"));
        assertEquals(live, fixtures.content(Table.EMPLOYEES));
        assertEquals(List.of(), fixtures.leftoverTables());
    }

    @Test
    void listsBackupsNewestFirstAndKeepsOnlyTheRetainedNumber() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(backup("jobs").path("id"));
        }
        assertEquals(7, ids.stream().distinct().count(), "every backup has its own name");
        List<String> kept = new ArrayList<>(ids.subList(2, 7));
        java.util.Collections.reverse(kept);
        given().when().get("/tables/jobs/backups")
                .then().statusCode(200).body("id", contains(kept.toArray()));
        try (Stream<Path> files = Files.list(fixtures.file(Table.JOBS, ids.get(0)).getParent())) {
            assertEquals(15, files.count(), "5 backups, each .avro + .sha256 + .json, nothing else");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void verifyProvesABackupRestorable() {
        String id = backup("employees").path("id");
        given().when().post("/tables/employees/backups/" + id + "/verify")
                .then().log().ifValidationFails().statusCode(200)
                .body("ok", equalTo(true)).body("rows", equalTo(200)).body("id", equalTo(id))
                .body("table", equalTo("employees"));
    }

    @Test
    void downloadsTheAvroFile() throws IOException {
        ExtractableResponse<Response> created = backup("departments");
        String id = created.path("id");
        byte[] body = given().when().get("/tables/departments/backups/" + id + "/file")
                .then().statusCode(200).contentType("application/avro")
                .header("Content-Disposition", containsString("departments-" + id + ".avro"))
                .extract().asByteArray();
        assertEquals(created.path("bytes"), (Integer) body.length, new String(body));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(fixtures.file(Table.DEPARTMENTS, id)), body));
        // "latest" names the newest backup wherever an id is taken, as restore and verify already did.
        given().when().get("/tables/departments/backups/latest").then().statusCode(200).body("id", equalTo(id));
        given().when().get("/tables/departments/backups/latest/file").then().statusCode(200)
                .header("Content-Disposition", containsString("departments-" + id + ".avro"));
        given().when().get("/tables/departments/backups/not-an-id").then().statusCode(400);
    }

    @Test
    void backupSetTakesEveryTableFromOneSnapshotAndRestoresThemTogether() {
        List<String> departments = fixtures.content(Table.DEPARTMENTS);
        List<String> jobs = fixtures.content(Table.JOBS);
        List<String> employees = fixtures.content(Table.EMPLOYEES);
        ExtractableResponse<Response> set = given().when().post("/backups")
                .then().log().ifValidationFails().statusCode(201)
                .body("backups.table", contains("departments", "jobs", "employees"))
                .body("backups.rows", contains(5, 4, 200))
                .extract();
        String setId = set.path("setId");
        assertTrue(set.header("Location").endsWith("/backups/" + setId));
        given().when().get("/backups").then().statusCode(200)
                .body("setId", contains(setId)).body("[0].complete", equalTo(true))
                .body("[0].backups.setId", everyItem(equalTo(setId)));

        // Change every table so that a single-table restore would dangle, then restore the set.
        db.update("DELETE FROM employees");
        db.update("DELETE FROM departments");
        db.update("INSERT INTO departments VALUES (77, 'New')");
        fixtures.seedEmployees(500, 10, 1, 4);
        db.update("UPDATE employees SET department_id = 77");
        given().when().post("/backups/" + setId + "/restore")
                .then().log().ifValidationFails().statusCode(200)
                .body("setId", equalTo(setId)).body("dryRun", equalTo(false))
                .body("tables.table", contains("departments", "jobs", "employees"))
                .body("tables.digestMatches", everyItem(equalTo(true)));
        assertEquals(departments, fixtures.content(Table.DEPARTMENTS));
        assertEquals(jobs, fixtures.content(Table.JOBS));
        assertEquals(employees, fixtures.content(Table.EMPLOYEES));
        assertEquals(List.of(), fixtures.leftoverTables());
    }

    @Test
    void refusesToRestoreAParentThatWouldLeaveChildrenDangling() {
        backup("departments");
        db.update("INSERT INTO departments VALUES (6, 'Six'), (7, 'Seven')");
        db.update("UPDATE employees SET department_id = 6 WHERE employee_id IN (1, 2)");
        db.update("UPDATE employees SET department_id = 7 WHERE employee_id = 3");
        List<String> before = fixtures.content(Table.DEPARTMENTS);
        ExtractableResponse<Response> refused = restore("departments", "latest", false);
        assertEquals(409, refused.statusCode());
        assertEquals("https://hireflow.io/problems/dangling-references", refused.path("type"));
        assertEquals(List.of(6, 7), refused.path("dangling[0].missingIds"));
        assertEquals(3, (int) refused.path("dangling[0].rows"));
        assertEquals("employees", refused.path("dangling[0].table"));
        assertTrue(refused.<String>path("detail").contains("[6, 7]"));
        assertEquals(before, fixtures.content(Table.DEPARTMENTS));
        assertEquals(List.of(), fixtures.leftoverTables());
    }

    @Test
    void aBackupCrashedHalfWayLeavesNoFileUnderAFinalName() throws Exception {
        Path temporary;
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery(TableRows.selectInIdOrder(Table.EMPLOYEES))) {
            BackupStore store = fixtures.store();
            String id = store.newId(java.time.Instant.now());
            temporary = fixtures.folder().temporaryFile(store.dataKey(Table.EMPLOYEES, id));
            ResultSet dying = failingAfter(rows, 120);
            // Never committed nor closed: what a killed process leaves.
            ObjectStorage.Upload upload = store.create(Table.EMPLOYEES, id);
            assertThrows(SQLException.class, () -> new BackupWriter(Table.EMPLOYEES, Codecs.parse("zstandard"))
                    .write(dying, upload.stream(), 200, id, null, java.time.Instant.now(), "test"));
            upload.stream().flush();
        }
        // What a killed process leaves: the partial temporary file, which is hidden and never listed.
        assertTrue(Files.exists(temporary));
        assertTrue(temporary.getFileName().toString().startsWith("."));
        try (Stream<Path> files = Files.list(temporary.getParent())) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".avro")));
        }
        given().when().get("/tables/employees/backups").then().statusCode(200).body("$", hasSize(0));
        restore("employees", "latest", false).response().then().statusCode(404)
                .body("type", endsWith("/no-backup"));

        // The next backup sweeps what a crash left an hour ago, and leaves a young one (maybe in progress).
        Path young = temporary.resolveSibling(".employees-" + fixtures.store().newId(java.time.Instant.now())
                + ".avro.tmp");
        Files.writeString(young, "being written");
        Files.setLastModifiedTime(temporary, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(BackupStore.ABANDONED_AFTER).minusSeconds(60)));
        // And a file whose metadata never came (a crash between the two), old and young alike.
        Path orphan = temporary.resolveSibling("employees-" + fixtures.store().newId(java.time.Instant.now()) + ".avro");
        Files.writeString(orphan, "complete, but no metadata");
        Path youngOrphan = temporary.resolveSibling("employees-" + fixtures.store().newId(java.time.Instant.now())
                + ".avro");
        Files.writeString(youngOrphan, "complete, metadata on its way");
        Files.setLastModifiedTime(orphan, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(BackupStore.ABANDONED_AFTER).minusSeconds(60)));
        backup("employees");
        given().when().get("/tables/employees/backups").then().statusCode(200).body("$", hasSize(1));
        assertFalse(Files.exists(temporary), "an abandoned temporary file is removed");
        assertFalse(Files.exists(orphan), "an old file without metadata is removed");
        assertTrue(Files.exists(young), "a young temporary file is left alone");
        assertTrue(Files.exists(youngOrphan), "a young file without metadata is left alone");
        Files.delete(young);
        Files.delete(youngOrphan);
    }

    @Test
    void aBackupWhoseFileCannotBeWrittenFailsWithTheReason() throws Exception {
        Path full = Path.of("/dev/full"); // every write fails with "No space left on device"
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        try (Connection connection = dataSource.getConnection();
                Statement select = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            select.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rows = select.executeQuery(TableRows.selectInIdOrder(Table.EMPLOYEES))) {
                IOException failed = assertThrows(IOException.class, () -> new BackupWriter(Table.EMPLOYEES,
                        Codecs.parse("null")).write(rows, full, 200, "x", null, java.time.Instant.now(), "test"));
                assertTrue(String.valueOf(failed.getMessage()).contains("No space left"), failed.getMessage());
            }
        }
    }

    @Test
    void aFileWhoseRowsAreNotAsManyAsCountedIsRefused() throws Exception {
        Path temporary = fixtures.folder().temporaryFile(fixtures.store().dataKey(Table.EMPLOYEES, "count-test"));
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery(TableRows.selectInIdOrder(Table.EMPLOYEES))) {
            IllegalStateException changed = assertThrows(IllegalStateException.class,
                    () -> new BackupWriter(Table.EMPLOYEES, Codecs.parse("zstandard")).write(rows, temporary, 199,
                            "count-test", null, java.time.Instant.now(), "test"));
            assertTrue(changed.getMessage().contains("counted 199 rows of employees but read 200"), changed.getMessage());
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Test
    void theDigestOfOddTextIsTheSameInTheFileAndInTheDatabase() throws SQLException {
        db.update("UPDATE employees SET employee_name = 'Zoë \t\"Tab\" \\\\ O''Neil\n😀 漢字' WHERE employee_id = 7");
        ExtractableResponse<Response> created = backup("employees");
        String recorded = created.path("contentDigest");
        assertEquals(recorded, liveDigest(),
                "the digest taken while streaming equals the database's own");
        given().when().post("/tables/employees/backups/" + created.path("id") + "/verify").then().statusCode(200)
                .body("contentDigest", equalTo(recorded));
        db.update("UPDATE employees SET employee_name = 'Zoe' WHERE employee_id = 7");
        assertNotEquals(recorded, liveDigest());
        ExtractableResponse<Response> restored = restore("employees", "latest", false);
        assertEquals(Boolean.TRUE, restored.path("digestMatches"));
        assertEquals(recorded, restored.path("contentDigest"));
    }

    @Test
    void backupsTakenWhileBatchesArePostedAreEachOneWholeSnapshot() throws Exception {
        fixtures.seedEmployees(1000, 20_000, 5, 4);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> posting = pool.submit(() -> {
                for (int b = 0; b < 40; b++) {
                    given().contentType(ContentType.JSON).body(batchOf(100_000 + b * 5, 5))
                            .when().post("/tables/employees/rows").then().statusCode(201);
                }
            });
            List<String> ids = new ArrayList<>();
            while (!posting.isDone() || ids.isEmpty()) {
                ids.add(backup("employees").path("id"));
            }
            posting.get(60, TimeUnit.SECONDS);
            assertTrue(ids.size() >= 2, "backups ran while batches went in: " + ids.size());
            for (String id : ids.subList(Math.max(0, ids.size() - 5), ids.size())) { // retention keeps 5 in tests
                given().when().post("/tables/employees/backups/" + id + "/verify").then().statusCode(200)
                        .body("ok", equalTo(true));
                try (org.apache.avro.file.DataFileReader<Object> file = new org.apache.avro.file.DataFileReader<>(
                        fixtures.file(Table.EMPLOYEES, id).toFile(), new org.apache.avro.generic.GenericDatumReader<>())) {
                    long rows = 0;
                    for (; file.hasNext(); file.next()) {
                        rows++;
                    }
                    assertEquals(file.getMetaLong("hireflow.rows"), rows, "the header counts the rows of " + id);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batchesPostedDuringARestoreAreNotLost() throws Exception {
        fixtures.seedEmployees(1000, 20_000, 5, 4);
        backup("employees");
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            Future<ExtractableResponse<Response>> restoring = pool.submit(() -> restore("employees", "latest", false));
            waitUntilLeased("table.employees");
            List<Future<Accepted>> batches = new ArrayList<>();
            for (int b = 0; b < 8; b++) {
                int first = 100_000 + b * 10;
                batches.add(pool.submit(() -> postUntilAccepted(batchOf(first, 10), "restore-" + first)));
            }
            ExtractableResponse<Response> restored = restoring.get(60, TimeUnit.SECONDS);
            assertEquals(200, restored.statusCode(), restored.asString());
            assertEquals(Boolean.TRUE, restored.path("digestMatches"), "the restore's digest matches its backup");
            int inserted = 0;
            int refused = 0;
            for (Future<Accepted> batch : batches) {
                Accepted accepted = batch.get(60, TimeUnit.SECONDS);
                inserted += accepted.inserted();
                refused += accepted.refusals();
            }
            assertTrue(refused > 0, "batches posted while the restore held the table were refused with 503");
            assertEquals(80, inserted, "every batch went in after the restore");
            assertEquals(20_200 + 80, db.count("employees"), "nothing acknowledged was lost, nothing doubled");
            assertEquals(80, db.count("employees WHERE employee_id >= 100000"));
        } finally {
            pool.shutdownNow();
        }
    }

    record Accepted(int inserted, int refusals) {
    }

    /** A client that honours 503 + Retry-After, resending with the same Idempotency-Key. */
    private static Accepted postUntilAccepted(String body, String key) throws InterruptedException {
        for (int refusals = 0; refusals < 60; refusals++) {
            ExtractableResponse<Response> answer = given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                    .body(body).when().post("/tables/employees/rows").then().extract();
            if (answer.statusCode() != 503) {
                assertEquals(201, answer.statusCode(), answer.asString());
                return new Accepted(answer.path("inserted"), refusals);
            }
            assertTrue(answer.header("Retry-After") != null, answer.asString());
            Thread.sleep(Math.min(500, Long.parseLong(answer.header("Retry-After")) * 1000));
        }
        throw new AssertionError("still refused after 60 attempts: " + key);
    }

    private void waitUntilLeased(String lease) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (db.count("leases WHERE name = '" + lease + "' AND owner IS NOT NULL AND expires_at > NOW(3)") == 1) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the restore never took " + lease);
    }

    private static String batchOf(int firstId, int count) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            body.append(i > 0 ? "," : "").append("{\"employee_id\":").append(firstId + i)
                    .append(",\"employee_name\":\"Late ").append(firstId + i)
                    .append("\",\"hiring_date\":\"2024-02-03T04:05:06Z\",\"department_id\":1,\"job_id\":1}");
        }
        return body.append("]").toString();
    }

    /** A result set that dies like a dropped connection after {@code rows} rows. */
    private static ResultSet failingAfter(ResultSet delegate, int rows) {
        int[] seen = { 0 };
        return (ResultSet) java.lang.reflect.Proxy.newProxyInstance(ResultSet.class.getClassLoader(),
                new Class<?>[] { ResultSet.class }, (proxy, method, args) -> {
                    if (method.getName().equals("next") && ++seen[0] > rows) {
                        throw new SQLException("Communications link failure (simulated)", "08S01");
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String liveDigest() throws SQLException {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            return ContentDigest.ofTable(connection, Table.EMPLOYEES);
        }
    }
}
