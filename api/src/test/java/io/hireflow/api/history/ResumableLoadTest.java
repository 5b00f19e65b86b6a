package io.hireflow.api.history;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.dictionary.Table;
import io.hireflow.api.sample.HistoryGenerator;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.HistoryFolder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chunked history loads killed mid-way and resumed: exactly the rows and rejects of an uninterrupted
 * load, every time. The load is killed where it hurts: the database connection it writes chunks on is
 * killed at a random moment (seeded), so a chunk dies inside its LOAD DATA, its rejects, its progress
 * row or its commit, or the next chunk finds its connection gone.
 */
@QuarkusTest
class ResumableLoadTest {

    private static final String EMPLOYEES = "{\"tables\":[\"employees\"],\"chunkRows\":2000}";
    private static final int ROWS = 60_000;

    @Inject
    Database db;

    @Inject
    DeferredIndexes indexes;

    @BeforeEach
    void clean() throws Exception {
        db.clear();
        HistoryFolder.emptied();
        new HistoryGenerator(17, 0.05, 12, 183, ROWS).writeAll(HistoryFolder.DIR, 1);
        JsonPath parents = HistoryFolder.awaitEnd(HistoryFolder.startLoad("{\"tables\":[\"departments\",\"jobs\"]}"));
        assertEquals("SUCCEEDED", parents.getString("status"));
    }

    @Test
    void aLoadKilledAtRandomPointsResumesToExactlyTheRowsAndRejectsOfAWholeLoad() throws Exception {
        JsonPath whole = HistoryFolder.awaitEnd(HistoryFolder.startLoad(EMPLOYEES));
        assertEquals("LOADED", whole.getString("tables[0].status"));
        String rows = InterruptedLoads.employeesDigest(db);
        String rejects = InterruptedLoads.rejectsDigest(db);
        long wholeRejects = whole.getLong("tables[0].rowsRejected");
        assertTrue(wholeRejects > 1000, "the file has flawed rows: " + wholeRejects);
        assertEquals(wholeRejects, db.count("rejected_rows WHERE table_name = 'employees'"));

        for (long seed = 1; seed <= 4; seed++) {
            InterruptedLoads.forgetEmployees(db);
            String id = HistoryFolder.startLoad(EMPLOYEES);
            long killedAt = InterruptedLoads.killChunkWriter(db, new Random(seed), 0, ROWS / 2000 * 3 / 4);
            JsonPath killed = HistoryFolder.awaitEnd(id);
            assertEquals("FAILED", killed.getString("tables[0].status"), "seed " + seed);
            long partial = db.count("employees");
            assertTrue(partial < whole.getLong("tables[0].rowsInserted"), "seed " + seed + ": stopped part way");
            assertEquals(partial, db.single("SELECT COALESCE(SUM(rows_inserted), 0) FROM history_chunks"),
                    "seed " + seed + ": the committed chunks are exactly the rows in the table");

            JsonPath resumed = HistoryFolder.awaitEnd(HistoryFolder.startLoad(EMPLOYEES));
            assertEquals("LOADED", resumed.getString("tables[0].status"), "seed " + seed + ": " + resumed.prettify());
            String note = resumed.getString("tables[0].message");
            assertTrue(note.startsWith("resumed from line") || partial == 0 && note == null,
                    "seed " + seed + ": " + note);
            if (partial > 0) {
                assertNotNull(resumed.get("tables[0].resumedFromLine"));
            }
            assertEquals(rows, InterruptedLoads.employeesDigest(db), "seed " + seed + " (killed after " + killedAt + " chunks): the rows");
            assertEquals(rejects, InterruptedLoads.rejectsDigest(db), "seed " + seed + ": each reject once");
            assertEquals(whole.getLong("tables[0].rowsRead"), resumed.getLong("tables[0].rowsRead"));
            assertEquals(whole.getLong("tables[0].rowsRejected"), resumed.getLong("tables[0].rowsRejected"));
            assertEquals(0, db.count("history_chunks"), "a whole file forgets its chunks");
            assertEquals(0, db.count("history_deferred_indexes"), "seed " + seed + ": the index is back");
            assertEquals(1, db.count("information_schema.statistics WHERE table_schema = DATABASE() "
                    + "AND table_name = 'employees' AND index_name = 'employees_hiring' AND seq_in_index = 1"));
        }
    }

    @Test
    void theDeferredIndexIsBuiltBeforeTheLastRowsSoALateKillResumesWithoutBuildingIt() throws Exception {
        WholeLoad whole = loadWholeThenForget();
        // 600 chunks; the index is built once 85 % of the file's bytes are in (chunk ~510): kill after chunk 520,
        // with 80 chunks still to write, so that a fast server cannot finish them before the kill lands.
        String smallChunks = "{\"tables\":[\"employees\"],\"chunkRows\":100}";
        String id = HistoryFolder.startLoad(smallChunks);
        InterruptedLoads.killChunkWriter(db, new Random(7), 520, 520);
        assertEquals("FAILED", HistoryFolder.awaitEnd(id).getString("tables[0].status"));
        assertEquals(0, db.count("history_deferred_indexes"), "the index was built before the last rows");
        assertTrue(hasHiringIndex());

        JsonPath resumed = HistoryFolder.awaitEnd(HistoryFolder.startLoad(smallChunks));
        assertEquals("LOADED", resumed.getString("tables[0].status"), resumed.prettify());
        // "resumed from line N", or "at the end of the file" when the kill came after the last chunk's commit.
        assertTrue(resumed.getString("tables[0].message").startsWith("resumed "), resumed.prettify());
        assertSameAs(whole, resumed);
    }

    @Test
    void aLoadKilledWhileItBuildsTheIndexResumesByBuildingItFirst() throws Exception {
        WholeLoad whole = loadWholeThenForget();
        String id = HistoryFolder.startLoad(EMPLOYEES);
        long builder = 0;
        long deadline = System.currentTimeMillis() + 60_000;
        while (builder == 0 && System.currentTimeMillis() < deadline) {
            builder = db.single("SELECT COALESCE(MAX(id), 0) FROM information_schema.processlist "
                    + "WHERE info LIKE 'ALTER TABLE employees ADD%'");
        }
        assertTrue(builder > 0, "the load built the index before its end");
        db.update("KILL " + builder);
        JsonPath killed = HistoryFolder.awaitEnd(id);
        assertEquals("FAILED", killed.getString("tables[0].status"));
        assertTrue(db.count("history_deferred_indexes") > 0, "the note outlives the killed build");
        assertFalse(hasHiringIndex());

        JsonPath resumed = HistoryFolder.awaitEnd(HistoryFolder.startLoad(EMPLOYEES));
        assertEquals("LOADED", resumed.getString("tables[0].status"), resumed.prettify());
        assertSameAs(whole, resumed);
        assertEquals(0, db.count("history_deferred_indexes"));
        assertTrue(hasHiringIndex());
    }

    /** What an uninterrupted load of the file stored; the table then emptied for the load under test. */
    private WholeLoad loadWholeThenForget() throws Exception {
        JsonPath status = HistoryFolder.awaitEnd(HistoryFolder.startLoad(EMPLOYEES));
        WholeLoad whole = new WholeLoad(status, InterruptedLoads.employeesDigest(db), InterruptedLoads.rejectsDigest(db));
        InterruptedLoads.forgetEmployees(db);
        return whole;
    }

    /** The resumed load's rows, rejects and counts are exactly those of the whole load. */
    private void assertSameAs(WholeLoad whole, JsonPath resumed) {
        assertEquals(whole.rows(), InterruptedLoads.employeesDigest(db), "the rows");
        assertEquals(whole.rejects(), InterruptedLoads.rejectsDigest(db), "each reject once");
        for (String count : new String[] {"rowsRead", "rowsInserted", "rowsRejected"}) {
            assertEquals(whole.status().getLong("tables[0]." + count), resumed.getLong("tables[0]." + count), count);
        }
    }

    private record WholeLoad(JsonPath status, String rows, String rejects) {
    }

    @Test
    void indexesThatWouldNotFitInTheBufferPoolWaitForTheEnd() throws Exception {
        indexes.drop(Table.EMPLOYEES, "test"); // notes employees_hiring, as a load into the empty table does
        try {
            long pool = db.single("SELECT @@innodb_buffer_pool_size");
            long rowsThatFit = pool / 2 / DeferredIndexes.INDEX_BYTES_PER_ROW;
            db.text("ANALYZE TABLE employees"); // the server's row estimate: the table is empty
            assertTrue(indexes.fitInBufferPool(Table.EMPLOYEES, 0, rowsThatFit - 1000));
            assertFalse(indexes.fitInBufferPool(Table.EMPLOYEES, 0, rowsThatFit + 1));
            assertFalse(indexes.fitInBufferPool(Table.EMPLOYEES, rowsThatFit, 1), "the rows known to be there count");
        } finally {
            indexes.rebuild(Table.EMPLOYEES);
        }
        assertTrue(hasHiringIndex());
    }

    private boolean hasHiringIndex() {
        return db.count("information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'employees' "
                + "AND index_name = 'employees_hiring' AND seq_in_index = 1") == 1;
    }

    @Test
    void aFileChangedSinceTheInterruptedLoadIsRefusedForResume() throws Exception {
        String id = HistoryFolder.startLoad(EMPLOYEES);
        InterruptedLoads.killChunkWriter(db, new Random(99), 2, 10);
        HistoryFolder.awaitEnd(id);
        long partial = db.count("employees");
        Files.writeString(HistoryFolder.DIR.resolve("employees.csv"), "999999,Late Comer,2021-01-01T00:00:00Z,1,1\n",
                StandardOpenOption.APPEND);

        InterruptedLoads.assertRefusedForResume(HistoryFolder.awaitEnd(HistoryFolder.startLoad(EMPLOYEES)), id);
        assertEquals(partial, db.count("employees"), "nothing of the changed file was loaded");
        assertEquals(0, db.count("history_deferred_indexes"), "the index is back even though nothing resumed");
    }

    @Test
    void intoAPopulatedTableTheIndexesStayAndTheRowsAreExact() throws Exception {
        JsonPath whole = HistoryFolder.awaitEnd(HistoryFolder.startLoad(EMPLOYEES));
        long inserted = whole.getLong("tables[0].rowsInserted");
        db.update("DELETE FROM employees WHERE employee_id > 1000");
        db.update("DELETE FROM history_manifest WHERE table_name = 'employees'");
        db.update("DELETE FROM rejected_rows");
        long kept = db.count("employees");

        JsonPath again = HistoryFolder.awaitEnd(HistoryFolder.startLoad(EMPLOYEES));
        assertEquals("LOADED", again.getString("tables[0].status"));
        assertEquals(inserted, db.count("employees"), "the rows already there are rejected as duplicates, the rest loaded");
        assertEquals(inserted - kept, again.getLong("tables[0].rowsInserted"));
        assertEquals(whole.getLong("tables[0].rowsRejected") + kept, again.getLong("tables[0].rowsRejected"));
        assertEquals(again.getLong("tables[0].rowsRejected"), db.count("rejected_rows"));
        assertEquals(0, db.count("history_deferred_indexes"));
    }

    @Test
    void theStatusSaysHowFastHowManyToGoAndWhen() throws Exception {
        // The status is saved once a second: the load must outlast a few beats even on a quiet machine, where
        // 60,000 rows take a third of a second.
        int rows = 500_000;
        new HistoryGenerator(17, 0.05, 12, 183, rows).write(Table.EMPLOYEES, HistoryFolder.DIR.resolve("employees.csv"),
                1);
        String id = HistoryFolder.startLoad("{\"tables\":[\"employees\"],\"chunkRows\":5000}");
        JsonPath running = null;
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            JsonPath status = given().get("/history/loads/" + id).then().statusCode(200).extract().jsonPath();
            if (!"RUNNING".equals(status.getString("status"))) {
                break;
            }
            // Mid-way: rows read and rows still to go (a fast load may already have read them all).
            if (status.get("tables[0].rowsToGo") != null && status.getLong("tables[0].rowsRead") > 0
                    && status.getLong("tables[0].rowsToGo") > 0 && status.get("etaSeconds") != null) {
                running = status;
                break;
            }
            Thread.sleep(20);
        }
        assertNotNull(running, "a status with rows to go and an ETA while the load runs");
        assertTrue(running.getLong("rowsPerSecond") > 0);
        // An estimate from the bytes left at the bytes per row seen so far: within 10% of the rows really left.
        long left = rows - running.getLong("tables[0].rowsRead");
        assertTrue(Math.abs(running.getLong("rowsToGo") - left) < left / 10, left + " rows left: " + running.prettify());
        assertTrue(running.getLong("tables[0].fileBytes") > running.getLong("tables[0].bytesDone"));
        JsonPath done = HistoryFolder.awaitEnd(id);
        assertEquals(0, done.getLong("tables[0].rowsToGo"));
        assertFalse(done.getMap("").containsKey("etaSeconds") && done.get("etaSeconds") != null);
    }
}
