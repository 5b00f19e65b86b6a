package io.hireflow.api.database;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.support.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real transient failures on the real database: another connection holds the parent row a batch must
 * lock, so the batch's shared lock times out (innodb_lock_wait_timeout is 2 s in the test profile). The
 * whole transaction is run again; when the lock is freed in time the batch succeeds, else it is a 503
 * naming the cause.
 */
@QuarkusTest
class TransientRetryTest {

    static final String BATCH = """
            [{"employee_id": 1, "employee_name": "Ada", "hiring_date": "2021-07-27T16:02:08Z",
              "department_id": 1, "job_id": 1}]""";

    @Inject
    Database db;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry metrics;

    @BeforeEach
    void seed() {
        db.clear();
        db.seedDepartmentsAndJobs(2, 2);
    }

    @Test
    void aLockWaitTimeoutIsRetriedWholeAndTheBatchGoesThrough() throws Exception {
        double retriedBefore = retried();
        Response answer;
        try (Connection holder = dataSource.getConnection()) {
            holdDepartmentOne(holder);
            CompletableFuture<Response> batch = CompletableFuture.supplyAsync(() -> post("\"retry-1\""));
            Thread.sleep(3000); // the first attempt has timed out by now
            holder.rollback();
            holder.setAutoCommit(true);
            answer = batch.get();
        }
        answer.then().log().ifValidationFails().statusCode(201).body("inserted", equalTo(1));
        assertTrue(retried() > retriedBefore, "a lock wait timeout was retried");
        assertEquals(1, db.count("employees"));
    }

    @Test
    void aLockHeldBeyondEveryAttemptIs503NamingTheCauseAndNothingIsWritten() throws Exception {
        Response answer;
        try (Connection holder = dataSource.getConnection()) {
            holdDepartmentOne(holder);
            answer = post("\"retry-2\"");
            holder.rollback();
            holder.setAutoCommit(true);
        }
        answer.then().log().ifValidationFails().statusCode(503).header("Retry-After", equalTo("1"))
                .contentType("application/problem+json")
                .body("type", equalTo("https://hireflow.io/problems/transient-database-failure"))
                .body("cause", equalTo("lock-wait-timeout"))
                .body("detail", containsString("lock wait timeout"))
                .body("detail", containsString("same Idempotency-Key"));
        assertEquals(0, db.count("employees"));
        assertEquals(0, db.count("idempotency_keys"), "the key is not kept for a batch that was not written");
        post("\"retry-2\"").then().statusCode(201); // the resend with the same key goes through
        assertEquals(1, db.count("employees"));
    }

    private static void holdDepartmentOne(Connection holder) throws Exception {
        holder.setAutoCommit(false);
        try (Statement lock = holder.createStatement()) {
            lock.executeQuery("SELECT * FROM departments WHERE department_id = 1 FOR UPDATE").close();
        }
    }

    private double retried() {
        var counter = metrics.find("hireflow.transactions.retried").tag("kind", "lock-wait-timeout").counter();
        return counter == null ? 0 : counter.count();
    }

    private static Response post(String key) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(BATCH)
                .when().post("/tables/employees/rows");
    }
}
