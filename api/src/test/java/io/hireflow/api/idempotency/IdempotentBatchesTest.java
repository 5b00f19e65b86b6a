package io.hireflow.api.idempotency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on batches: a repeat replays the first answer and writes nothing, a reuse is refused. */
@QuarkusTest
class IdempotentBatchesTest {

    static final String ONE_GOOD_ONE_BAD = """
            [{"job_id": 11, "job_name": "Welder"}, {"job_id": 12, "job_name": " "}]""";

    @Inject
    Database db;

    @Inject
    IdempotencyPurge purge;

    @BeforeEach
    void seed() {
        db.clear();
    }

    @Test
    void aRepeatReplaysTheFirstAnswerAndWritesNothing() throws Exception {
        Response first = post("\"jobs-1\"", ONE_GOOD_ONE_BAD);
        first.then().log().ifValidationFails().statusCode(200).header(IdempotencyKey.REPLAYED_HEADER, nullValue())
                .body("inserted", equalTo(1));
        Response again = post("\"jobs-1\"", ONE_GOOD_ONE_BAD);
        again.then().log().ifValidationFails().statusCode(200).header(IdempotencyKey.REPLAYED_HEADER, equalTo("true"));
        assertEquals(first.asString(), again.asString(), "the replay is the first answer, word for word");
        assertEquals(1, db.count("jobs"));
        assertEquals(1, db.count("rejected_rows"), "the reject is not recorded twice");
        assertEquals(1, db.count("idempotency_keys WHERE idempotency_key = 'jobs-1' AND status = 200"));
        Path file = Path.of("target/test-shared/rejects/jobs.jsonl");
        String request = "\"request\":\"" + first.path("requestId") + "\"";
        assertEquals(1, Files.readAllLines(file).stream().filter(l -> l.contains(request)).count(),
                "the rejects file has the reject once");
    }

    @Test
    void theBareTokenFormOfTheKeyIsTheSameKey() {
        post("jobs-2", ONE_GOOD_ONE_BAD).then().statusCode(200);
        post("\"jobs-2\"", ONE_GOOD_ONE_BAD).then().statusCode(200)
                .header(IdempotencyKey.REPLAYED_HEADER, equalTo("true"));
        assertEquals(1, db.count("jobs"));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndWritesNothing() {
        post("\"jobs-3\"", ONE_GOOD_ONE_BAD).then().statusCode(200);
        post("\"jobs-3\"", "[{\"job_id\": 13, \"job_name\": \"Baker\"}]").then().log().ifValidationFails()
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://hireflow.io/problems/idempotency-key-reused"))
                .body("detail", containsString("jobs-3"));
        // Same body to another table, or with other options, is another request too.
        given().contentType(ContentType.JSON).header(IdempotencyKey.HEADER, "\"jobs-3\"").body(ONE_GOOD_ONE_BAD)
                .queryParam("atomic", true).when().post("/tables/jobs/rows").then().statusCode(422)
                .body("type", equalTo("https://hireflow.io/problems/idempotency-key-reused"));
        assertEquals(1, db.count("jobs"));
        assertEquals(0, db.count("jobs WHERE job_id = 13"));
        assertEquals(1, db.count("rejected_rows"));
    }

    @Test
    void aMalformedKeyIs400AndWritesNothing() {
        for (String bad : List.of("\"\"", "\"" + "k".repeat(256) + "\"", "\"with space\"", "\"naïve\"")) {
            post(bad, ONE_GOOD_ONE_BAD).then().log().ifValidationFails().statusCode(400)
                    .body("type", equalTo("https://hireflow.io/problems/invalid-idempotency-key"))
                    .body("detail", containsString("visible ASCII"));
        }
        assertEquals(0, db.count("jobs"));
        assertEquals(0, db.count("rejected_rows"));
    }

    @Test
    void csvBatchesReplayToo() {
        for (int i = 0; i < 2; i++) {
            given().contentType("text/csv").header(IdempotencyKey.HEADER, "\"csv-1\"").body("21,Painter\n22,\n")
                    .when().post("/tables/jobs/rows").then().statusCode(200).body("rejected[0].line", equalTo(2));
        }
        assertEquals(1, db.count("jobs"));
        assertEquals(1, db.count("rejected_rows"));
    }

    @Test
    void concurrentRepeatsOfOneKeyWriteOnceAndTheOthersReplay() throws Exception {
        int senders = 6;
        StringBuilder rows = new StringBuilder("[");
        for (int id = 1; id <= 500; id++) {
            rows.append(id > 1 ? "," : "").append("{\"job_id\":").append(id).append(",\"job_name\":\"J").append(id)
                    .append("\"}");
        }
        String body = rows.append("]").toString();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return post("\"same-batch\"", body);
                }));
            }
            start.countDown();
            int written = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertEquals(201, response.statusCode(), response.asString());
                assertEquals(500, (int) response.path("inserted"));
                if (response.header(IdempotencyKey.REPLAYED_HEADER) == null) {
                    written++;
                }
            }
            assertEquals(1, written, "exactly one request wrote, the others waited for it and replayed");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(500, db.count("jobs"));
        assertEquals(0, db.count("rejected_rows"));
    }

    @Test
    void expiredKeysArePurgedAndAKeyReusedAfterExpiryIsANewRequest() throws Exception {
        post("\"old\"", ONE_GOOD_ONE_BAD).then().statusCode(200);
        post("\"older\"", "[{\"job_id\": 31, \"job_name\": \"Cook\"}]").then().statusCode(201);
        db.update("UPDATE idempotency_keys SET expires_at = '2000-01-01 00:00:00' WHERE idempotency_key = 'old'");
        // Expired but not purged yet: the key starts over.
        post("\"old\"", "[{\"job_id\": 32, \"job_name\": \"Tailor\"}]").then().log().ifValidationFails()
                .statusCode(201).header(IdempotencyKey.REPLAYED_HEADER, nullValue());
        db.update("UPDATE idempotency_keys SET expires_at = '2000-01-01 00:00:00'");
        assertEquals(2, purge.purge());
        assertEquals(0, db.count("idempotency_keys"));
        assertEquals(3, db.count("jobs"));
        assertTrue(purge.purge() == 0, "nothing left to purge");
    }

    static Response post(String key, String body) {
        return given().contentType(ContentType.JSON).header(IdempotencyKey.HEADER, key).body(body)
                .when().post("/tables/jobs/rows");
    }
}
