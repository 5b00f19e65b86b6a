package io.hireflow.api.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.support.Database;
import io.restassured.path.json.JsonPath;
import java.util.Random;

/** Test helper: kills a running employees load where it hurts, and digests of what a load left in the tables. */
final class InterruptedLoads {

    private InterruptedLoads() {
    }

    /**
     * Kills the connection the load writes its chunks on once a random number of chunks (from
     * {@code minChunks} to {@code maxChunks}) committed, plus a random few milliseconds: inside a statement, between two, or
     * at the commit. Returns the chunks committed when it struck. The writer is found by its LOAD DATA or by its open
     * chunk transaction (more than one row written): a quiet machine loads a chunk in a few milliseconds, too short for
     * the LOAD DATA alone to be seen reliably.
     */
    static long killChunkWriter(Database db, Random random, int minChunks, int maxChunks) throws InterruptedException {
        int chunks = minChunks + random.nextInt(maxChunks - minChunks + 1);
        long writer = 0;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            writer = db.single("SELECT GREATEST((SELECT COALESCE(MAX(id), 0) FROM information_schema.processlist "
                    + "WHERE info LIKE 'LOAD DATA%employees%'), (SELECT COALESCE(MAX(trx_mysql_thread_id), 0) "
                    + "FROM information_schema.innodb_trx WHERE trx_rows_modified > 1 "
                    + "AND trx_mysql_thread_id <> CONNECTION_ID()))");
            if (writer > 0 && db.count("history_chunks") >= chunks) {
                break;
            }
        }
        assertTrue(writer > 0, "the employees LOAD DATA never started");
        Thread.sleep(random.nextInt(30));
        db.update("KILL " + writer);
        return chunks;
    }

    static String employeesDigest(Database db) {
        return db.text("SELECT CONCAT(COUNT(*), '/', COALESCE(SUM(employee_id), 0), '/', COALESCE(SUM(CRC32(CONCAT_WS("
                + "'|', employee_id, employee_name, hiring_date, department_id, job_id))), 0)) FROM employees");
    }

    static String rejectsDigest(Database db) {
        assertEquals(0, db.single("SELECT COUNT(*) FROM (SELECT position FROM rejected_rows WHERE table_name = "
                + "'employees' GROUP BY position HAVING COUNT(*) > 1) twice"), "no reject logged twice");
        return db.text("SELECT CONCAT(COUNT(*), '/', COALESCE(SUM(position), 0), '/', COALESCE(SUM(CRC32(row_json)), 0)) "
                + "FROM rejected_rows WHERE table_name = 'employees'");
    }

    /** Forgets a whole employees load (rows, rejects, manifest row), so that the same file loads again. */
    static void forgetEmployees(Database db) {
        db.update("DELETE FROM employees");
        db.update("DELETE FROM rejected_rows");
        db.update("DELETE FROM history_manifest WHERE table_name = 'employees'");
    }

    /** The one-table load {@code refused} was refused: its file changed since load {@code interrupted} stopped. */
    static void assertRefusedForResume(JsonPath refused, String interrupted) {
        assertEquals("FAILED", refused.getString("tables[0].status"));
        String message = refused.getString("tables[0].message");
        assertTrue(message.contains("refused to resume: employees.csv changed since load " + interrupted), message);
        assertTrue(message.contains("Put the original file back"), message);
    }
}
