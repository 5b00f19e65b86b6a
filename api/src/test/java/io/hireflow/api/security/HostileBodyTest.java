package io.hireflow.api.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hireflow.api.support.Database;
import io.hireflow.api.support.LargeBodies;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Oversized and hostile bodies: a clear problem or a verbatim, harmless store; never a 500, never half a batch. */
@QuarkusTest
class HostileBodyTest {

    @Inject
    Database db;

    @BeforeEach
    void clear() {
        db.clear();
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        given().contentType(ContentType.JSON).body(deep)
                .when().post("/tables/departments/rows")
                .then().log().ifValidationFails()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://hireflow.io/problems/json-limits"))
                .body("detail", containsString("nesting depth"));
        String deepInRow = "[{\"department_id\":1,\"department_name\":" + "[".repeat(20) + "]".repeat(20) + "}]";
        given().contentType(ContentType.JSON).body(deepInRow)
                .when().post("/tables/departments/rows").then().statusCode(400);
        assertEquals(0, db.count("departments"));
    }

    @Test
    void hugeStringsAreRefused() {
        String body = "[{\"department_id\":1,\"department_name\":\"Fine\"},"
                + "{\"department_id\":2,\"department_name\":\"" + "A".repeat(100_000) + "\"}]";
        given().contentType(ContentType.JSON).body(body)
                .when().post("/tables/departments/rows")
                .then().log().ifValidationFails()
                .statusCode(400)
                .body("type", equalTo("https://hireflow.io/problems/json-limits"))
                .body("detail", containsString("String value length"));
        assertEquals(0, db.count("departments"), "the valid row of the refused body was not written either");
    }

    @Test
    void bodiesOverTheLimitAre413Problems() {
        StringBuilder rows = new StringBuilder("[");
        for (int i = 1; i <= 30_000; i++) {
            rows.append(i > 1 ? "," : "").append("{\"department_id\":").append(i)
                    .append(",\"department_name\":\"Department number ").append(i).append(" of many\"}");
        }
        byte[] body = rows.append("]").toString().getBytes(StandardCharsets.UTF_8);
        given().contentType(ContentType.JSON).body(body)
                .when().post("/tables/departments/rows")
                .then().log().ifValidationFails()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("type", equalTo("https://hireflow.io/problems/body-too-large"));
        assertEquals(0, db.count("departments"));
    }

    @Test
    void chunkedBodiesOverTheLimitAreRefusedToo() throws Exception {
        // No Content-Length: the limit is enforced while reading (BodyLimit caps the stream at 2M).
        long size = 3L * 1024 * 1024;
        var answer = LargeBodies.post("/tables/departments/rows", "application/json",
                LargeBodies.bytes(size, (byte) ' '), size, false);
        assertEquals(413, answer.statusCode(), answer.body());
        assertEquals(0, db.count("departments"));
    }

    @Test
    void aThousandRowBatchFitsTheLimit() {
        StringBuilder rows = new StringBuilder("[");
        for (int i = 1; i <= 1000; i++) {
            rows.append(i > 1 ? "," : "").append("{\"department_id\":").append(i)
                    .append(",\"department_name\":\"").append("D".repeat(100)).append("\"}");
        }
        given().contentType(ContentType.JSON).body(rows.append("]").toString())
                .when().post("/tables/departments/rows").then().statusCode(201).body("inserted", equalTo(1000));
    }

    @Test
    void sqlInValuesIsStoredVerbatimAndHarmless() {
        String evil = "Robert'); DROP TABLE departments; --";
        given().contentType(ContentType.JSON)
                .body("[{\"department_id\":1,\"department_name\":\"" + evil + "\"}]")
                .when().post("/tables/departments/rows").then().statusCode(201);
        given().when().get("/tables/departments/rows/1").then().statusCode(200)
                .body("department_name", equalTo(evil));
        given().when().get("/tables/departments';DROP TABLE jobs;--/rows/1").then().statusCode(404);
        assertEquals(1, db.count("departments"));
        assertEquals(0, db.count("jobs"), "jobs still exists (COUNT would fail otherwise)");
    }

    @Test
    void unicodeRoundTrips() {
        String name = "Zoë Łódź 李小龍 🚀 مرحبا";
        given().contentType("application/json; charset=UTF-8")
                .body(("[{\"department_id\":7,\"department_name\":\"" + name + "\"}]").getBytes(StandardCharsets.UTF_8))
                .when().post("/tables/departments/rows").then().statusCode(201);
        given().when().get("/tables/departments/rows/7").then().statusCode(200)
                .body("department_name", equalTo(name));
    }

    @Test
    void nulCharactersNeverCauseA500() {
        // Escaped NUL inside a JSON string: a legal string, stored verbatim and read back identically.
        given().contentType(ContentType.JSON)
                .body("[{\"department_id\":8,\"department_name\":\"nul\\u0000inside\"}]")
                .when().post("/tables/departments/rows").then().log().ifValidationFails()
                .statusCode(anyOf(equalTo(201), equalTo(422)));
        if (db.count("departments WHERE department_id = 8") == 1) {
            given().when().get("/tables/departments/rows/8").then().body("department_name", equalTo("nul\u0000inside"));
        }
        // A raw NUL byte is not legal JSON.
        given().contentType(ContentType.JSON)
                .body("[{\"department_id\":9,\"department_name\":\"raw\u0000byte\"}]".getBytes(StandardCharsets.UTF_8))
                .when().post("/tables/departments/rows").then().statusCode(400)
                .body("type", equalTo("https://hireflow.io/problems/malformed-json"));
        // In CSV, a NUL byte is just a character of the field.
        given().contentType("text/csv").body("10,csv\u0000nul\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/tables/departments/rows").then().statusCode(anyOf(equalTo(201), equalTo(422)));
        assertEquals(0, db.count("departments WHERE department_id = 9"));
    }

    @Test
    void aRowWithManyLargeExtraFieldsIsRejectedNot500() {
        StringBuilder row = new StringBuilder("{\"department_id\":3,\"department_name\":\"Ok\"");
        for (int i = 0; i < 100; i++) {
            row.append(",\"extra").append(i).append("\":\"").append("x".repeat(900)).append('"');
        }
        given().contentType(ContentType.JSON).body("[" + row + "},{\"department_id\":4,\"department_name\":\"Fine\"}]")
                .when().post("/tables/departments/rows")
                .then().log().ifValidationFails()
                .statusCode(200)
                .body("inserted", equalTo(1))
                .body("rejected[0].errors.rule", org.hamcrest.Matchers.hasItem("shape"));
        assertEquals(1, db.count("rejected_rows WHERE table_name = 'departments' AND row_json LIKE '%abridged%'"));
    }
}
