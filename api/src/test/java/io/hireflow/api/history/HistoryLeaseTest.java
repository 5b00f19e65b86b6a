package io.hireflow.api.history;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.sample.HistoryGenerator;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.HistoryFolder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One history load at a time, through the history-load lease that every replica sees. */
@QuarkusTest
class HistoryLeaseTest {

    @Inject
    Database db;

    @BeforeEach
    void clean() throws Exception {
        db.clear();
        HistoryFolder.emptied();
    }

    @Test
    void eightSimultaneousStartsGiveOne202AndSeven409sNamingIt() throws Exception {
        new HistoryGenerator(5, 0.02, 12, 183, 50_000).writeAll(HistoryFolder.DIR, 1);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        CountDownLatch ready = new CountDownLatch(8);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                answers.add(clients.submit((Callable<Response>) () -> {
                    ready.countDown();
                    ready.await();
                    return given().contentType(ContentType.JSON).body("{}").post("/history/loads");
                }));
            }
            List<Response> accepted = new ArrayList<>();
            List<Response> refused = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                (response.statusCode() == 202 ? accepted : refused).add(response);
            }
            assertEquals(1, accepted.size(), "exactly one load starts");
            String id = accepted.get(0).path("id");
            for (Response response : refused) {
                assertEquals(409, response.statusCode(), response.asString());
                assertEquals("/history/loads/" + id, response.path("runningLoad"), response.asString());
                assertTrue(Integer.parseInt(response.header("Retry-After")) >= 1);
            }
            assertEquals("SUCCEEDED", HistoryFolder.awaitEnd(id).getString("status"));
            assertEquals(1, db.count("history_loads"), "the refused starts recorded nothing");
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void afterACrashANewLoadWaitsForTheDeadLoadsLeaseAndSaysHowLong() {
        String dead = "00000000-dead-4000-8000-000000000000";
        db.update("INSERT INTO history_loads (load_id, status, dry_run, options_json, created_at, heartbeat_at) "
                + "VALUES ('" + dead + "', 'RUNNING', FALSE, '{}', NOW(3) - INTERVAL 2 MINUTE, NOW(3) - INTERVAL 20 SECOND)");
        db.update("UPDATE leases SET owner = 'api@gone:1/abc', purpose = 'history load " + dead + "', "
                + "acquired_at = NOW(3) - INTERVAL 2 MINUTE, expires_at = NOW(3) + INTERVAL 9 SECOND "
                + "WHERE name = 'history-load'");

        Response refused = given().contentType(ContentType.JSON).body("{}").post("/history/loads");
        assertEquals(409, refused.statusCode(), refused.asString());
        String detail = refused.path("detail");
        assertTrue(detail.contains("History load " + dead + " stopped reporting"), detail);
        assertTrue(detail.contains("seems to have died") && detail.contains("resumes"), detail);
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
        assertEquals("/history/loads/" + dead, refused.path("runningLoad"));
    }

    @Test
    void aDeadLoadsTableLeaseOutlivingItsLoadLeaseIsWaitedOutNotReportedAsBusy() throws Exception {
        new HistoryGenerator(4, 0.0, 6, 183, 2_000).writeAll(HistoryFolder.DIR, 1);
        // Seen on the cluster: the killed load's load lease had expired, its table lease had a second to go.
        db.update("INSERT INTO leases (name) SELECT 'table.departments' FROM DUAL WHERE NOT EXISTS "
                + "(SELECT 1 FROM leases WHERE name = 'table.departments')");
        db.update("UPDATE leases SET owner = 'api@gone:1/abc', purpose = 'history load 00000000-dead', "
                + "acquired_at = NOW(3) - INTERVAL 1 MINUTE, expires_at = NOW(3) + INTERVAL 3 SECOND "
                + "WHERE name = 'table.departments'");

        JsonPath done = HistoryFolder.awaitEnd(given().contentType(ContentType.JSON)
                .body("{\"tables\":[\"departments\"]}").post("/history/loads").then().statusCode(202)
                .extract().path("id"));

        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        assertEquals(6, db.count("departments"));
    }

    @Test
    void aTableHeldByARestoreFailsTheLoadAtOnceSayingByWhomAndUntilWhen() throws Exception {
        new HistoryGenerator(4, 0.0, 6, 183, 2_000).writeAll(HistoryFolder.DIR, 1);
        db.update("INSERT INTO leases (name) SELECT 'table.departments' FROM DUAL WHERE NOT EXISTS "
                + "(SELECT 1 FROM leases WHERE name = 'table.departments')");
        db.update("UPDATE leases SET owner = 'api@other:2/xyz', purpose = 'restoring departments from x', "
                + "acquired_at = NOW(3), expires_at = NOW(3) + INTERVAL 30 SECOND WHERE name = 'table.departments'");

        JsonPath done = HistoryFolder.awaitEnd(given().contentType(ContentType.JSON)
                .body("{\"tables\":[\"departments\"]}").post("/history/loads").then().statusCode(202)
                .extract().path("id"));

        assertEquals("FAILED", done.getString("tables[0].status"), done.prettify());
        String message = done.getString("tables[0].message");
        assertTrue(message.contains("restoring departments from x") && message.contains("start the load again"),
                message);
        assertEquals(0, db.count("departments"));
    }

    @Test
    void aLoadThatLosesItsLeaseStopsWithoutCommittingAnotherChunk() throws Exception {
        new HistoryGenerator(8, 0.02, 12, 183, 60_000).writeAll(HistoryFolder.DIR, 1);
        JsonPath parents = HistoryFolder.awaitEnd(given().contentType(ContentType.JSON)
                .body("{\"tables\":[\"departments\",\"jobs\"]}").post("/history/loads").then().statusCode(202)
                .extract().path("id"));
        assertEquals("SUCCEEDED", parents.getString("status"));
        String id = given().contentType(ContentType.JSON).body("{\"tables\":[\"employees\"],\"chunkRows\":1000}")
                .post("/history/loads").then().statusCode(202).extract().path("id");
        long deadline = System.currentTimeMillis() + 60_000;
        while (db.count("history_chunks") < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        // Another replica takes the lease over, as if ours had expired.
        db.update("UPDATE leases SET owner = 'api@other:2/xyz', expires_at = NOW(3) + INTERVAL 1 MINUTE "
                + "WHERE name = 'history-load'");
        long chunksWhenTaken = db.count("history_chunks");
        JsonPath stopped = HistoryFolder.awaitEnd(id);
        assertEquals("FAILED", stopped.getString("tables[0].status"));
        assertTrue(stopped.getString("tables[0].message").contains("history-load lease"),
                stopped.getString("tables[0].message"));
        assertTrue(db.count("history_chunks") <= chunksWhenTaken + 1, "at most the chunk in flight committed");
        assertEquals(db.single("SELECT SUM(rows_inserted) FROM history_chunks"), db.count("employees"));
    }
}
