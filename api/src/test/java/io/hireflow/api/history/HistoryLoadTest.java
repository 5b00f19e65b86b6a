package io.hireflow.api.history;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.sample.HistoryGenerator;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.HistoryFolder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HistoryLoadTest {

    @Inject
    Database db;

    @BeforeEach
    void clean() throws Exception {
        db.clear();
        HistoryFolder.emptied();
    }

    @Test
    void loadsThePublicSampleWithItsSeventyBadRowsRejected() throws Exception {
        Path sample = HistoryFolder.challengeData();
        for (String table : List.of("departments", "jobs", "employees")) {
            Files.copy(sample.resolve("history_" + table + ".csv"), HistoryFolder.DIR.resolve("history_" + table + ".csv"));
        }
        String location = given().contentType(ContentType.JSON).body("{}")
                .when().post("/history/loads")
                .then().log().ifValidationFails().statusCode(202)
                .header("Location", containsString("/history/loads/"))
                .extract().header("Location");
        JsonPath status = HistoryFolder.awaitEnd(location.substring(location.lastIndexOf('/') + 1));

        assertEquals("SUCCEEDED", status.getString("status"));
        assertEquals(List.of("LOADED", "LOADED", "LOADED"), status.getList("tables.status"));
        assertEquals(List.of(12, 183, 1929), status.getList("tables.rowsInserted"));
        assertEquals(List.of(0, 0, 70), status.getList("tables.rowsRejected"));
        assertEquals(70, status.getInt("tables[2].rejectedByRule.required"));
        assertEquals(12, db.count("departments"));
        assertEquals(183, db.count("jobs"));
        assertEquals(1929, db.count("employees"));
        assertEquals(70, db.count("rejected_rows WHERE table_name = 'employees' AND source = 'history'"));
        // Ty Hofer, line 2 of the file, has no job_id.
        given().get("/tables/employees/rejects?size=100").then().statusCode(200)
                .body("items.find { it.source.line == 2 }.row.employee_name", equalTo("Ty Hofer"))
                .body("items.find { it.source.line == 2 }.errors[0].field", equalTo("job_id"));
    }

    @Test
    void theSameFileIsNotLoadedTwice() throws Exception {
        new HistoryGenerator(7, 0.05, 4, 6, 500).writeAll(HistoryFolder.DIR, 1);
        JsonPath first = HistoryFolder.awaitEnd(HistoryFolder.startLoad("{}"));
        long employees = db.count("employees");
        assertEquals(first.getLong("tables[2].rowsInserted"), employees);

        JsonPath second = HistoryFolder.awaitEnd(HistoryFolder.startLoad("{}"));
        assertEquals("SUCCEEDED", second.getString("status"));
        assertEquals(List.of("SKIPPED", "SKIPPED", "SKIPPED"), second.getList("tables.status"));
        assertTrue(second.getString("tables[2].message").contains("loaded before"));
        assertEquals(employees, db.count("employees"));
    }

    @Test
    void everyRowIsAccountedForAndEveryRejectLogged() throws Exception {
        HistoryGenerator generator = new HistoryGenerator(11, 0.1, 5, 10, 3000);
        generator.writeAll(HistoryFolder.DIR, 1);
        JsonPath status = HistoryFolder.awaitEnd(HistoryFolder.startLoad("{}"));
        long read = 0;
        long rejected = 0;
        for (int t = 0; t < 3; t++) {
            long r = status.getLong("tables[" + t + "].rowsRead");
            long i = status.getLong("tables[" + t + "].rowsInserted");
            long x = status.getLong("tables[" + t + "].rowsRejected");
            assertEquals(r, i + x, "read = inserted + rejected for table " + t);
            read += r;
            rejected += x;
        }
        assertEquals(5 + 10 + 3000, read);
        assertTrue(rejected >= generator.badRows() * 0.8, "most flawed rows are rejected: " + rejected);
        assertEquals(rejected, db.count("rejected_rows WHERE source = 'history'"));
        assertEquals(status.getLong("tables[2].rowsInserted"), db.count("employees"));
        assertEquals(0, db.single("SELECT COUNT(*) FROM employees e LEFT JOIN departments d "
                + "ON d.department_id = e.department_id WHERE d.department_id IS NULL"), "no dangling department");
    }

    @Test
    void dryRunChecksEverythingAndWritesNothing() throws Exception {
        new HistoryGenerator(5, 0.05, 6, 20, 2000).writeAll(HistoryFolder.DIR, 1);
        JsonPath status = HistoryFolder.awaitEnd(HistoryFolder.startLoad("{\"dryRun\":true}"));
        assertEquals("SUCCEEDED", status.getString("status"));
        assertEquals(List.of("VALIDATED", "VALIDATED", "VALIDATED"), status.getList("tables.status"));
        assertTrue(status.getLong("tables[2].rowsInserted") > 1800,
                "employees referring to departments of the same dry run are valid");
        assertEquals(0, db.count("employees") + db.count("departments") + db.count("jobs"));
        assertEquals(0, db.count("rejected_rows") + db.count("history_manifest"));
    }

    @Test
    void tooManyRejectsRollTheFileBack() throws Exception {
        new HistoryGenerator(9, 0.2, 4, 8, 5000).writeAll(HistoryFolder.DIR, 1);
        JsonPath byCount = HistoryFolder.awaitEnd(HistoryFolder.startLoad("{\"tables\":[\"departments\",\"jobs\"]}"));
        assertEquals("SUCCEEDED", byCount.getString("status"));

        JsonPath limited = HistoryFolder.awaitEnd(HistoryFolder.startLoad("{\"tables\":[\"employees\"],\"maxRejects\":10}"));
        assertEquals("FAILED", limited.getString("status"));
        assertEquals("FAILED", limited.getString("tables[0].status"));
        assertTrue(limited.getString("tables[0].message").contains("maxRejects"));
        assertEquals(0, db.count("employees"));

        JsonPath ratio = HistoryFolder.awaitEnd(HistoryFolder.startLoad("{\"tables\":[\"employees\"],\"maxRejectRatio\":0.05}"));
        assertEquals("FAILED", ratio.getString("tables[0].status"));
        assertTrue(ratio.getString("tables[0].message").contains("maxRejectRatio"));
        assertEquals(5000, ratio.getLong("tables[0].rowsRead"), "the ratio is judged on the whole file");
        assertEquals(0, db.count("employees"));
    }

    @Test
    void quotedFieldsFollowRfc4180AndOddTextArrivesVerbatim() throws Exception {
        Files.writeString(HistoryFolder.DIR.resolve("departments.csv"),
                "1,\"Sales, \"\"East\"\"\"\n2,\"Multi\nline\"\n3,Back\\slash\ttab\n");
        JsonPath status = HistoryFolder.awaitEnd(HistoryFolder.startLoad("{\"tables\":[\"departments\"]}"));
        assertEquals("LOADED", status.getString("tables[0].status"));
        given().get("/tables/departments/rows/1").then().body("department_name", equalTo("Sales, \"East\""));
        given().get("/tables/departments/rows/2").then().body("department_name", equalTo("Multi\nline"));
        given().get("/tables/departments/rows/3").then().body("department_name", equalTo("Back\\slash\ttab"));
    }

    @Test
    void aPostWithNoBodyAtAllLoadsEveryTable() throws Exception {
        new HistoryGenerator(13, 0, 2, 2, 10).writeAll(HistoryFolder.DIR, 1);
        String id = given().when().post("/history/loads").then().log().ifValidationFails().statusCode(202)
                .extract().path("id");
        JsonPath status = HistoryFolder.awaitEnd(id);
        assertEquals(List.of("LOADED", "LOADED", "LOADED"), status.getList("tables.status"));
        assertEquals(10, db.count("employees"));
    }

    @Test
    void aMissingFileFailsThatTableWithAClearMessage() throws Exception {
        JsonPath status = HistoryFolder.awaitEnd(HistoryFolder.startLoad("{\"tables\":[\"jobs\"]}"));
        assertEquals("FAILED", status.getString("status"));
        assertTrue(status.getString("tables[0].message").contains("no jobs.csv"));
    }

    @Test
    void badRequestsAreProblems() {
        given().contentType(ContentType.JSON).body("{\"tables\":[\"payroll\"]}").post("/history/loads")
                .then().statusCode(404).body("knownTables", hasItem("jobs"));
        given().contentType(ContentType.JSON).body("{\"maxRejectRatio\":2}").post("/history/loads")
                .then().statusCode(400).body("errors[0].message", containsString("between 0 and 1"));
        given().contentType(ContentType.JSON).body("{\"dryRun\":").post("/history/loads")
                .then().statusCode(400).contentType("application/problem+json");
        given().get("/history/loads/nope").then().statusCode(404).body("type", endsWith("load-not-found"));
        given().contentType(ContentType.TEXT).body("departments").post("/history/loads")
                .then().statusCode(415).contentType("application/problem+json");
        assertEquals(0, db.count("history_loads"), "no load was started by a bad request");
    }
}
