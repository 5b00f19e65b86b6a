package io.hireflow.api.rows;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.support.Database;
import io.hireflow.api.support.EmployeeBatches;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writers of one table side by side, all posting the same ids at the same moment: the primary key
 * decides, inside each batch's transaction, who stores an id; every other writer gets that row back
 * as a duplicate (also when it lost the race between its check and its insert), never a 500.
 */
@QuarkusTest
class OverlappingWritersTest {

    static final int WRITERS = 4;
    static final int BATCHES = 8;
    static final int ROWS = 100;

    @Inject
    Database db;

    @BeforeEach
    void seed() {
        db.clear();
        db.seedDepartmentsAndJobs(5, 5);
    }

    @Test
    void everyIdIsStoredOnceAndEveryDuplicateReported() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        int inserted = 0;
        int duplicates = 0;
        try {
            List<Future<int[]>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    start.await();
                    int[] counts = new int[2];
                    for (int b = 0; b < BATCHES; b++) {
                        // Each writer sends the same ids, in its own order of batches and shifted by half a batch
                        // for odd writers, so batches overlap partly as well as wholly.
                        int batch = (b + writer) % BATCHES;
                        int first = batch * ROWS + 1 + (writer % 2) * ROWS / 2;
                        Response answer = given().contentType(ContentType.JSON)
                                .body(EmployeeBatches.of(first, ROWS)).when().post("/tables/employees/rows");
                        int status = answer.statusCode();
                        assertTrue(status == 200 || status == 201 || status == 422, answer.asString());
                        counts[0] += answer.<Integer>path("inserted");
                        List<String> rules = answer.path("rejected.errors.flatten().rule");
                        assertTrue(rules.stream().allMatch("unique"::equals), rules.toString());
                        counts[1] += answer.<List<?>>path("rejected").size();
                    }
                    return counts;
                }));
            }
            start.countDown();
            for (Future<int[]> writer : writers) {
                int[] counts = writer.get();
                inserted += counts[0];
                duplicates += counts[1];
            }
        } finally {
            pool.shutdownNow();
        }
        long distinctIds = BATCHES * ROWS + ROWS / 2; // odd writers reach half a batch further
        assertEquals(distinctIds, db.count("employees"), "every id stored");
        assertEquals(distinctIds, inserted, "every stored row acknowledged once");
        assertEquals(WRITERS * BATCHES * ROWS - distinctIds, duplicates, "every other copy reported as a duplicate");
        assertEquals(duplicates, db.count("rejected_rows WHERE table_name = 'employees'"), "each reject logged once");
    }
}
