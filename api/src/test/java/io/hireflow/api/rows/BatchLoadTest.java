package io.hireflow.api.rows;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.database.TableRows;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.EmployeeBatches;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batches are stored by {@code LOAD DATA}, which only warns where an INSERT refuses (a key taken, a value the
 * column cannot hold): the load counts only when it stored every row as sent, and otherwise the batch takes the
 * INSERT path, so its answer names each refused row exactly as before.
 */
@QuarkusTest
class BatchLoadTest {

    @Inject
    Database db;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void seed() {
        db.clear();
        db.seedDepartmentsAndJobs(5, 5);
    }

    /**
     * Another writer inserts id 3 and commits while the batch's load waits on that row: the load skips it, and
     * the batch, judged again, reports it as a stored duplicate, with the other rows stored once and one reject.
     */
    @Test
    void aKeyTakenWhileTheLoadWaitsIsReportedAsADuplicate() throws Exception {
        Response answer;
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (Statement insert = other.createStatement()) {
                insert.executeUpdate("INSERT INTO employees VALUES (3, 'Written by the other', '2020-01-01 00:00:00', 1, 1)");
            }
            CompletableFuture<Response> batch = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                    .body(EmployeeBatches.of(1, 10)).when().post("/tables/employees/rows"));
            awaitLockWait(batch);
            other.commit();
            answer = batch.get();
        }
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals(9, answer.<Integer>path("inserted"));
        List<Map<String, Object>> rejected = answer.path("rejected");
        assertEquals(1, rejected.size(), answer.asString());
        assertEquals(2, answer.<Integer>path("rejected[0].index"));
        assertEquals(List.of(Map.of("field", "employee_id", "rule", "unique", "message",
                "employee_id 3 already exists in employees")),
                answer.path("rejected[0].errors"));
        assertEquals(10, db.count("employees"));
        assertEquals("Written by the other", db.text("SELECT employee_name FROM employees WHERE employee_id = 3"));
        assertEquals("E4", db.text("SELECT employee_name FROM employees WHERE employee_id = 4"));
        assertEquals(1, db.count("rejected_rows WHERE table_name = 'employees'"));
    }

    /**
     * A row rejected for its parent whose id is stored too is told both, while the other rows are loaded: the
     * ids of rejected rows are looked up even when the load needs no check.
     */
    @Test
    void aRejectedRowWhoseIdIsStoredIsToldEveryRuleItBreaks() {
        db.update("INSERT INTO employees VALUES (4, 'Stored', '2020-01-01 00:00:00', 1, 1)");
        String body = EmployeeBatches.of(1, 6).replace("\"department_id\":5,\"job_id\":5}",
                "\"department_id\":99,\"job_id\":5}");
        Response answer = given().contentType(ContentType.JSON).body(body).when().post("/tables/employees/rows");
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals(5, answer.<Integer>path("inserted"));
        assertEquals(3, answer.<Integer>path("rejected[0].index"));
        assertEquals(List.of("unique", "exists"), answer.path("rejected[0].errors.rule"), answer.asString());
        assertEquals(6, db.count("employees"));
    }

    /** What LOAD DATA would skip or alter with a mere warning is not taken as loaded. */
    @Test
    void aLoadThatSkipsOrAltersARowIsNotExact() throws SQLException {
        db.update("INSERT INTO employees VALUES (1, 'Stored', '2020-01-01 00:00:00', 1, 1)");
        Object[] taken = {1, "Again", Instant.parse("2021-07-27T16:02:08Z"), 1, 1};
        Object[] tooLong = {2, "x".repeat(201), Instant.parse("2021-07-27T16:02:08Z"), 1, 1};
        Object[] fine = {3, "Fine", Instant.parse("2021-07-27T16:02:08Z"), 1, 1};
        assertFalse(loadRolledBack(List.<Object[]>of(fine, taken)), "a key already taken");
        assertFalse(loadRolledBack(List.<Object[]>of(tooLong, fine)), "a name longer than the column");
        assertTrue(loadRolledBack(List.<Object[]>of(fine)));
        assertEquals(1, db.count("employees"), "each load rolled back");
    }

    private boolean loadRolledBack(List<Object[]> rows) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                return TableRows.loadExactly(c, Table.EMPLOYEES, rows);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** Until the batch's load runs: it waits there for the other writer's id 3 (loading ten rows is instant). */
    private void awaitLockWait(CompletableFuture<Response> batch) throws InterruptedException {
        while (db.count("information_schema.PROCESSLIST WHERE INFO LIKE 'LOAD DATA%'") == 0) {
            assertFalse(batch.isDone(), () -> "the batch ended without waiting: " + batch.join().asString());
            Thread.sleep(10);
        }
    }
}
