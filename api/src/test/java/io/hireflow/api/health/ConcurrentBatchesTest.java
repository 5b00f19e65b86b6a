package io.hireflow.api.health;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hireflow.api.support.Database;
import io.hireflow.api.support.EmployeeBatches;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrent writers of one table: every acknowledged row is in the table, no more, no less. */
@QuarkusTest
class ConcurrentBatchesTest {

    static final int CLIENTS = 4;
    static final int BATCHES = 5;
    static final int ROWS = 200;

    @Inject
    Database db;

    @BeforeEach
    void seed() {
        db.clear();
        db.seedDepartmentsAndJobs(5, 5);
    }

    @Test
    void noRowIsLostOrDoubled() throws Exception {
        AtomicInteger acknowledged = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    for (int b = 0; b < BATCHES; b++) {
                        int first = (client * BATCHES + b) * ROWS + 1;
                        int inserted = given().contentType(ContentType.JSON).body(batch(first))
                                .when().post("/tables/employees/rows")
                                .then().statusCode(201).extract().path("inserted");
                        acknowledged.addAndGet(inserted);
                        // A duplicate of a committed batch, racing the others: every row must be refused as unique.
                        given().contentType(ContentType.JSON).body(batch(first))
                                .when().post("/tables/employees/rows").then().statusCode(422);
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(CLIENTS * BATCHES * ROWS, acknowledged.get());
        assertEquals(acknowledged.get(), db.count("employees"));
        assertEquals(CLIENTS * BATCHES * ROWS, db.count("rejected_rows WHERE table_name = 'employees'"));
    }

    static String batch(int first) {
        return EmployeeBatches.of(first, ROWS);
    }
}
