package io.hireflow.api.rows;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RowsResourceTest {

    @Inject
    Database db;

    @BeforeEach
    void seed() {
        db.clear();
        db.seedDepartmentsAndJobs(3, 3);
    }

    @Test
    void insertsAValidBatchAndAnswers201() {
        given().contentType(ContentType.JSON)
                .body("""
                        [{"employee_id":1,"employee_name":"Ada","hiring_date":"2021-07-27T16:02:08Z","department_id":1,"job_id":2},
                         {"employee_id":2,"employee_name":"Bo","hiring_date":"2021-01-01T00:00:00Z","department_id":3,"job_id":3}]""")
                .when().post("/tables/employees/rows")
                .then().log().ifValidationFails()
                .statusCode(201)
                .body("table", equalTo("employees"))
                .body("received", equalTo(2))
                .body("inserted", equalTo(2))
                .body("rejected", empty());
        assertEquals(2, db.count("employees"));
        given().when().get("/tables/employees/rows/1")
                .then().statusCode(200)
                .body("employee_name", equalTo("Ada"))
                .body("hiring_date", equalTo("2021-07-27T16:02:08Z"))
                .body("department_id", equalTo(1));
    }

    @Test
    void rejectsEachBadRowWithEveryRuleItBreaksAndKeepsTheGoodOnes() {
        given().contentType(ContentType.JSON)
                .body("""
                        [{"employee_id":10,"employee_name":"Ok","hiring_date":"2021-07-27T16:02:08Z","department_id":1,"job_id":1},
                         {"employee_id":11,"employee_name":" ","hiring_date":"2027-08-29T00:0:1Z","department_id":99,"job_id":1},
                         {"employee_id":10,"employee_name":"Repeat","hiring_date":"2021-07-27T16:02:08Z","department_id":1,"job_id":1},
                         {"employee_id":-4,"employee_name":"Neg","hiring_date":"2021-07-27T16:02:08Z","department_id":1,"job_id":"x"},
                         {"employee_id":12,"employee_name":"NoJob","hiring_date":"2021-07-27T16:02:08Z","department_id":1,"extra":1}]""")
                .when().post("/tables/employees/rows")
                .then().log().ifValidationFails()
                .statusCode(200)
                .body("received", equalTo(5))
                .body("inserted", equalTo(1))
                .body("rejected.index", contains(1, 2, 3, 4))
                .body("rejected[0].errors.rule", contains("not_blank", "iso_instant", "exists"))
                .body("rejected[0].errors.field", contains("employee_name", "hiring_date", "department_id"))
                .body("rejected[1].errors.rule", contains("unique"))
                .body("rejected[2].errors.rule", hasItems("positive", "integer"))
                .body("rejected[3].errors.rule", hasItems("shape", "required"))
                .body("rejected[0].row.employee_name", equalTo(" "));
        assertEquals(1, db.count("employees"));
        assertEquals(4, db.count("rejected_rows WHERE table_name = 'employees' AND source = 'batch'"));
    }

    @Test
    void rejectedRowsGoToTheRejectsLogFileAndEndpoint() throws IOException {
        Path log = Path.of("target/test-shared/rejects/jobs.jsonl");
        long before = Files.exists(log) ? Files.readAllLines(log).size() : 0;
        given().contentType(ContentType.JSON).header("X-Request-Id", "req-42")
                .body("[{\"job_id\":1,\"job_name\":\"dup of seeded job 1\"},{\"job_id\":7,\"job_name\":\"\"}]")
                .when().post("/tables/jobs/rows")
                .then().statusCode(422).body("inserted", equalTo(0));
        List<String> lines = Files.readAllLines(log);
        assertEquals(before + 2, lines.size());
        assertTrue(lines.get(lines.size() - 1).contains("\"request\":\"req-42\""), lines.get(lines.size() - 1));
        given().when().get("/tables/jobs/rejects?size=1")
                .then().statusCode(200)
                .body("total", equalTo(2))
                .body("items", hasSize(1))
                .body("items[0].source.request", equalTo("req-42"))
                .body("items[0].source.index", equalTo(1))
                .body("items[0].errors[0].rule", equalTo("required"));
    }

    @Test
    void atomicBatchInsertsNothingWhenOneRowIsBad() {
        given().contentType(ContentType.JSON).queryParam("atomic", true)
                .body("[{\"department_id\":10,\"department_name\":\"Fine\"},{\"department_id\":11}]")
                .when().post("/tables/departments/rows")
                .then().statusCode(422)
                .body("atomic", equalTo(true))
                .body("inserted", equalTo(0))
                .body("rejected.index", contains(1));
        assertEquals(3, db.count("departments"));
    }

    @Test
    void acceptsCsvBodiesAndReportsLines() {
        given().contentType("text/csv")
                .body("20,\"Quoted, with comma\"\n21,Plain\n22\n")
                .when().post("/tables/jobs/rows")
                .then().log().ifValidationFails().statusCode(200)
                .body("inserted", equalTo(2))
                .body("rejected[0].line", equalTo(3))
                .body("rejected[0].errors[0].rule", equalTo("column_count"));
        given().when().get("/tables/jobs/rows/20").then().statusCode(200)
                .body("job_name", equalTo("Quoted, with comma"));
    }

    @Test
    void badRequestsAreProblemsAndWriteNothing() {
        String problem = "application/problem+json";
        given().contentType(ContentType.JSON).body("[]").when().post("/tables/jobs/rows")
                .then().statusCode(400).contentType(problem).body("detail", containsString("between 1 and 1000"));
        StringBuilder big = new StringBuilder("[");
        for (int i = 1; i <= 1001; i++) {
            big.append(i > 1 ? "," : "").append("{\"job_id\":").append(100 + i).append(",\"job_name\":\"J\"}");
        }
        given().contentType(ContentType.JSON).body(big.append("]").toString()).when().post("/tables/jobs/rows")
                .then().statusCode(400).contentType(problem).body("maxRows", equalTo(1000));
        // The limit a client sizes its batches by is the one the API enforces.
        given().get("/tables/jobs").then().statusCode(200).body("maxBatchRows", equalTo(1000));
        given().contentType(ContentType.JSON).body("[{\"job_id\":5,").when().post("/tables/jobs/rows")
                .then().statusCode(400).contentType(problem).body("title", equalTo("Malformed JSON"));
        given().contentType(ContentType.JSON).body("{\"job_id\":5}").when().post("/tables/jobs/rows")
                .then().statusCode(400).contentType(problem).body("type", containsString("not-an-array"));
        given().contentType(ContentType.JSON).body("[{\"x\":1}]").when().post("/tables/nope/rows")
                .then().statusCode(404).contentType(problem).body("knownTables", hasItem("employees"));
        given().contentType(ContentType.XML).body("<a/>").when().post("/tables/jobs/rows")
                .then().statusCode(415).contentType(problem);
        assertEquals(3, db.count("jobs"));
    }

    @Test
    void missingRowIs404Problem() {
        given().when().get("/tables/jobs/rows/999").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("999"));
        given().when().get("/tables/jobs/rows/abc").then().statusCode(400);
    }

    @Test
    void tablesListsTheDictionaryWithRowCounts() {
        given().when().get("/tables").then().statusCode(200)
                .body("name", contains("departments", "jobs", "employees"))
                .body("find { it.name == 'departments' }.rows", equalTo(3))
                .body("find { it.name == 'employees' }.columns.name",
                        contains("employee_id", "employee_name", "hiring_date", "department_id", "job_id"))
                .body("find { it.name == 'employees' }.columns[3].references", equalTo("departments"));
    }
}
