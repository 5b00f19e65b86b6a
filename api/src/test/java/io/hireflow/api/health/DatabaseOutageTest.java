package io.hireflow.api.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.database.EmbeddedDatabase;
import io.hireflow.api.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The database goes away and comes back: readiness follows, writes get 503 + Retry-After, then recover alone. */
@QuarkusTest
class DatabaseOutageTest {

    static final String TWO_DEPARTMENTS = "[{\"department_id\":1,\"department_name\":\"A\"},"
            + "{\"department_id\":2,\"department_name\":\"B\"}]";

    @Inject
    Database db;

    @BeforeEach
    void clear() {
        db.clear();
    }

    @Test
    void anOutageIsReportedAndRecoveredFromWithoutHalfWrites() throws Exception {
        given().when().get("/q/health/ready").then().statusCode(200);
        Assumptions.assumeTrue(EmbeddedDatabase.stopServer(), "needs the embedded database (it stops and starts it)");
        try {
            given().when().get("/q/health/ready")
                    .then().log().ifValidationFails()
                    .statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'database' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'shared-folder' }.status", equalTo("UP"));
            given().contentType(ContentType.JSON).body(TWO_DEPARTMENTS)
                    .when().post("/tables/departments/rows")
                    .then().log().ifValidationFails()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("requestId", notNullValue());
            given().when().get("/tables").then().statusCode(503).header("Retry-After", notNullValue());
        } finally {
            EmbeddedDatabase.startServer();
        }
        awaitReady();
        assertEquals(0, db.count("departments"), "nothing from the refused batch was written");
        given().contentType(ContentType.JSON).body(TWO_DEPARTMENTS)
                .when().post("/tables/departments/rows")
                .then().log().ifValidationFails().statusCode(201).body("inserted", equalTo(2));
        assertEquals(2, db.count("departments"));
    }

    private static void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            status = given().when().get("/q/health/ready").statusCode();
            if (status != 200) {
                Thread.sleep(500);
            }
        }
        assertTrue(status == 200, "the API became ready again by itself after the database came back");
    }
}
