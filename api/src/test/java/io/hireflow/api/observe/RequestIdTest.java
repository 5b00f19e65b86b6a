package io.hireflow.api.observe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One request id per request: echoed, in problems, in rejects entries and in the log lines. */
@QuarkusTest
class RequestIdTest {

    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Inject
    Database db;

    @ConfigProperty(name = "hireflow.shared-dir")
    Path shared;

    @BeforeEach
    void clear() {
        db.clear();
    }

    @Test
    void aGivenIdIsEchoedAndCarriedIntoProblems() {
        given().header("X-Request-Id", "client-42.a:b")
                .when().get("/tables/nope")
                .then().log().ifValidationFails()
                .statusCode(404)
                .header("X-Request-Id", "client-42.a:b")
                .body("requestId", equalTo("client-42.a:b"));
    }

    @Test
    void anIdIsGeneratedWhenMissingOrUnsafe() {
        Response plain = given().when().get("/tables/nope");
        String generated = plain.header("X-Request-Id");
        assertTrue(generated.matches(UUID), generated);
        assertEquals(generated, plain.jsonPath().getString("requestId"));

        given().header("X-Request-Id", "evil\" id with spaces and a very long tail " + "x".repeat(200))
                .when().get("/tables/nope")
                .then().statusCode(404).header("X-Request-Id", matchesPattern(UUID));
    }

    @Test
    void batchAnswersAndRejectsUseTheSameId() throws Exception {
        given().header("X-Request-Id", "batch-7").contentType(ContentType.JSON)
                .body("[{\"department_id\":1,\"department_name\":\"Ok\"},{\"department_id\":-1,\"department_name\":\"\"}]")
                .when().post("/tables/departments/rows")
                .then().log().ifValidationFails()
                .statusCode(200)
                .header("X-Request-Id", "batch-7")
                .body("requestId", equalTo("batch-7"));
        assertEquals(1, db.count("rejected_rows WHERE origin = 'batch-7'"));
        String rejectsFile = Files.readString(shared.resolve("rejects/departments.jsonl"));
        assertTrue(rejectsFile.contains("\"request\":\"batch-7\""), "the rejects file names the request");

        Response generated = given().contentType(ContentType.JSON)
                .body("[{\"department_id\":-2,\"department_name\":\"x\"}]").when().post("/tables/departments/rows");
        String id = generated.header("X-Request-Id");
        assertEquals(id, generated.jsonPath().getString("requestId"));
        assertEquals(1, db.count("rejected_rows WHERE origin = '" + id + "'"));
    }

    @Test
    void logLinesCarryTheId() throws Exception {
        String id = "log-line-" + System.nanoTime();
        given().header("X-Request-Id", id).when().get("/tables").then().statusCode(200);
        Path log = shared.resolve("logs/api.log");
        String line = null;
        for (int i = 0; i < 20 && line == null; i++) { // the access line is written when the answer ends
            line = Files.readAllLines(log).stream().filter(l -> l.contains(id)).findFirst().orElse(null);
            Thread.sleep(100);
        }
        assertTrue(line != null && line.contains("GET /tables 200"), "log line: " + line);
    }
}
