package io.hireflow.api.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Test helper: the history folder the API loads from in tests, and polling a load to its end. */
public final class HistoryFolder {

    /** {@code hireflow.history.dir} in the test profile. */
    public static final Path DIR = Path.of("target/test-history");
    /** The public sample, read in place (never copied into the project). */
    public static final Path CHALLENGE = Path.of("../../shared/data/challenge");

    private HistoryFolder() {
    }

    public static Path emptied() throws IOException {
        if (Files.exists(DIR)) {
            try (Stream<Path> files = Files.walk(DIR)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(DIR);
    }

    /** Skips the calling test, saying why, when ../shared is not beside the project (a user's clone). */
    public static Path challengeData() {
        Assumptions.assumeTrue(Files.isDirectory(CHALLENGE),
                "skipped: the public sample ../shared/data/challenge is not beside this clone (CI has it)");
        return CHALLENGE;
    }

    /** Starts a load with these options (JSON) and returns its id; anything but 202 fails the test. */
    public static String startLoad(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/history/loads")
                .then().log().ifValidationFails().statusCode(202).extract().path("id");
    }

    /** Polls {@code GET /history/loads/{id}} until the load is no longer running. */
    public static JsonPath awaitEnd(String id) throws InterruptedException {
        return awaitEnd(id, 120);
    }

    /** The same, for loads that may take longer (benchmarks). */
    public static JsonPath awaitEnd(String id, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            JsonPath status = given().get("/history/loads/" + id).then().statusCode(200).extract().jsonPath();
            if (!"RUNNING".equals(status.getString("status"))) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("history load " + id + " still running after " + seconds + " s");
    }
}
