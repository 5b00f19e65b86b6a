package io.hireflow.api.backup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.dictionary.Table;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.LargeBodies;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /tables/{table}/backups/import} with files written by an independent Avro implementation
 * (Python's, see {@link IndependentAvro}): the seed's shape in every codec, a Spark-like shape, and every refusal.
 */
@QuarkusTest
class ImportTest {

    static final String AVRO = "application/avro";

    @Inject
    Database db;

    @Inject
    BackupFixtures fixtures;

    @BeforeEach
    void clear() {
        db.clear();
        fixtures.clearBackups();
    }

    private static ValidatableResponse post(String table, Path file, String query) throws IOException {
        return given().contentType(AVRO).body(Files.readAllBytes(file))
                .when().post("/tables/" + table + "/backups/import" + query)
                .then().log().ifValidationFails();
    }

    /** What the employees table holds after importing and restoring: the same as the seed fixture writes. */
    private List<String> expectedEmployees(int rows) {
        db.clear();
        db.seedDepartmentsAndJobs(2, 2);
        fixtures.seedEmployees(1, rows, 2, 2);
        List<String> expected = fixtures.content(Table.EMPLOYEES);
        db.update("DELETE FROM employees");
        return expected;
    }

    private void restore(String table, String id) {
        given().contentType("application/json").body(Map.of("backup", id))
                .when().post("/tables/" + table + "/restore")
                .then().log().ifValidationFails().statusCode(200);
    }

    /** The hidden upload and rewrite files of an import (in the imports folder and the table's backups): none may outlive it. */
    private List<Path> leftovers(Table table) throws IOException {
        List<Path> hidden = new java.util.ArrayList<>();
        for (Path dir : List.of(Path.of("target/test-shared/imports"), fixtures.folder().root().resolve(table.tableName()))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(f -> f.getFileName().toString().startsWith(".")).forEach(hidden::add);
                }
            }
        }
        return hidden;
    }

    @ParameterizedTest
    @ValueSource(strings = { "null", "deflate", "snappy", "zstandard" })
    void theSeedShapeInEveryCodecBecomesARestorableBackup(String codec) throws IOException {
        Path file = IndependentAvro.file("seed-employees", codec, 25);
        List<String> expected = expectedEmployees(25);
        JsonPath answer = post("employees", file, "").statusCode(201)
                .header("Location", containsString("/tables/employees/backups/"))
                .body("dryRun", equalTo(false))
                .body("rows", equalTo(25))
                .body("origin.schemaName", equalTo("employees"))
                .body("origin.codec", equalTo(codec))
                .body("origin.bytes", equalTo((int) Files.size(file)))
                .body("origin.mapping.find { it.column == 'hiring_date' }.conversion", containsString("ISO-8601"))
                .body("backup.rows", equalTo(25))
                .body("backup.origin.schemaName", equalTo("employees"))
                .extract().jsonPath();
        String id = answer.getString("backup.id");
        String location = given().contentType(AVRO).body(Files.readAllBytes(file)).when()
                .post("/tables/employees/backups/import?dryRun=true").then().statusCode(200).extract().header("Location");
        assertEquals(null, location, "a dry run creates nothing to point at");
        // A backup like any other: listed, verifiable, its metadata names the origin, and it restores.
        given().when().get("/tables/employees/backups/" + id).then().statusCode(200)
                .body("origin.schemaFingerprint", equalTo(answer.getString("origin.schemaFingerprint")))
                .body("origin.sha256", equalTo(io.hireflow.api.digest.Sha256.hex(file)));
        given().when().post("/tables/employees/backups/" + id + "/verify").then().statusCode(200)
                .body("rows", equalTo(25));
        restore("employees", id);
        assertEquals(expected, fixtures.content(Table.EMPLOYEES));
        assertEquals(List.of(), leftovers(Table.EMPLOYEES));
    }

    @Test
    void jobsAndDepartmentsInTheSeedShapeRestore() throws IOException {
        String departments = post("departments", IndependentAvro.file("seed-departments", "snappy", 7), "")
                .statusCode(201).extract().path("backup.id");
        String jobs = post("jobs", IndependentAvro.file("seed-jobs", "snappy", 5), "")
                .statusCode(201).extract().path("backup.id");
        restore("departments", departments);
        restore("jobs", jobs);
        assertEquals(7, db.count("departments"));
        assertEquals("Department 7", db.text("SELECT department_name FROM departments WHERE department_id = 7"));
        assertEquals("Job 5", db.text("SELECT job_name FROM jobs WHERE job_id = 5"));
    }

    @Test
    void aSparkLikeFileIsMappedByNameWithItsConversions() throws IOException {
        List<String> expected = expectedEmployees(25);
        JsonPath answer = post("employees", IndependentAvro.file("spark-employees", "snappy", 25), "")
                .statusCode(201)
                .body("origin.schemaName", equalTo("com.example.spark.topLevelRecord"))
                .body("origin.ignoredFields", equalTo(List.of("ingested_by")))
                .body("origin.mapping.find { it.column == 'employee_id' }.fieldType", equalTo("[null,long]"))
                .body("origin.mapping.find { it.column == 'employee_id' }.conversion", containsString("within 32 bits"))
                .body("origin.mapping.find { it.column == 'hiring_date' }.fieldType",
                        equalTo("[null,long (timestamp-micros)]"))
                .body("origin.mapping.find { it.column == 'department_id' }.fieldType", equalTo("[long,null]"))
                .extract().jsonPath();
        restore("employees", answer.getString("backup.id"));
        assertEquals(expected, fixtures.content(Table.EMPLOYEES));

        List<String> again = expectedEmployees(25);
        String millis = post("employees", IndependentAvro.file("millis-employees", "deflate", 25), "").statusCode(201)
                .body("origin.schemaName", equalTo("org.example.hr.Employee"))
                .body("origin.mapping.find { it.column == 'hiring_date' }.conversion", containsString("timestamp-millis"))
                .extract().path("backup.id");
        restore("employees", millis);
        assertEquals(again, fixtures.content(Table.EMPLOYEES));
    }

    @Test
    void aDryRunSaysWhatWouldHappenAndStoresNothing() throws IOException {
        post("employees", IndependentAvro.file("spark-employees", "zstandard", 25), "?dryRun=true").statusCode(200)
                .body("dryRun", equalTo(true))
                .body("rows", equalTo(25))
                .body("backup", nullValue())
                .body("origin.mapping.column", equalTo(List.of("employee_id", "employee_name", "hiring_date",
                        "department_id", "job_id")));
        given().when().get("/tables/employees/backups").then().statusCode(200).body("size()", equalTo(0));
        assertEquals(List.of(), leftovers(Table.EMPLOYEES));
    }

    @Test
    void aFileWithoutAColumnIsRefusedNamingIt() throws IOException {
        post("employees", IndependentAvro.file("missing-field", "null", 3), "").statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("/unmappable-avro"))
                .body("fields.field", equalTo(List.of("job_id")))
                .body("fields[0].reason", containsString("no field job_id"))
                .body("detail", containsString("Nothing was stored"));
        assertNothingStored();
    }

    @Test
    void typesWithoutAConversionAreRefusedFieldByField() throws IOException {
        post("employees", IndependentAvro.file("wrong-types", "null", 3), "").statusCode(422)
                .body("type", endsWith("/unmappable-avro"))
                .body("fields.field", equalTo(List.of("employee_id", "employee_name", "hiring_date", "department_id")))
                .body("fields[0].reason", containsString("double"))
                .body("fields[1].reason", containsString("a int field cannot feed the string column"))
                .body("fields[2].reason", containsString("timestamp-millis or timestamp-micros"))
                .body("fields[3].reason", containsString("[null,int,string]"));
        post("employees", IndependentAvro.file("not-a-record", "null", 3), "").statusCode(422)
                .body("type", endsWith("/unmappable-avro"))
                .body("detail", containsString("not records"));
        assertNothingStored();
    }

    @Test
    void badRowsAreRefusedNamingTheFirstAndTheTotal() throws IOException {
        post("employees", IndependentAvro.file("bad-rows", "snappy", 25), "").statusCode(422)
                .body("type", endsWith("/invalid-rows"))
                .body("invalidRows", equalTo(14))
                .body("rowsRead", equalTo(25))
                .body("rows.size()", equalTo(10))
                .body("rows.row", equalTo(List.of(3, 5, 6, 7, 8, 9, 13, 15, 16, 17)))
                .body("rows[0].errors[0].rule", equalTo("required"))
                .body("rows[0].values.employee_name", nullValue())
                .body("rows[1].errors[0].rule", equalTo("integer"))
                .body("rows[1].values.employee_id", equalTo("2147483648"))
                .body("rows[2].errors[0].rule", equalTo("iso_instant"))
                .body("rows[2].values.hiring_date", containsString(".000500Z"))
                .body("rows[3].errors[0].rule", equalTo("unique"))
                .body("rows[4].errors[0].rule", equalTo("not_blank"))
                .body("rows[5].errors.rule", hasItems("positive"));
        // The same on a dry run: it judges exactly what an import would.
        post("employees", IndependentAvro.file("bad-rows", "snappy", 25), "?dryRun=true").statusCode(422)
                .body("invalidRows", equalTo(14));
        assertNothingStored();
    }

    @Test
    void somethingElseThanAvroIsRefused() throws IOException {
        given().contentType("application/octet-stream").body("employee_id,employee_name\n1,Ann\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/tables/employees/backups/import")
                .then().log().ifValidationFails().statusCode(422)
                .body("type", endsWith("/not-avro"));
        given().contentType(AVRO).body(new byte[0]).when().post("/tables/employees/backups/import")
                .then().statusCode(422).body("type", endsWith("/not-avro"));
        assertNothingStored();
    }

    @Test
    void aTruncatedFileIsRefusedAsCorrupt() throws IOException {
        byte[] whole = Files.readAllBytes(IndependentAvro.file("seed-employees", "deflate", 5000));
        byte[] cut = Arrays.copyOf(whole, whole.length * 2 / 3);
        given().contentType(AVRO).body(cut).when().post("/tables/employees/backups/import")
                .then().log().ifValidationFails().statusCode(422)
                .body("type", endsWith("/corrupt-avro"))
                .body("detail", containsString("cut short"));
        assertNothingStored();
    }

    @Test
    void unknownTablesAndOtherMediaTypesAreRefused() throws IOException {
        Path file = IndependentAvro.file("seed-jobs", "null", 2);
        post("salaries", file, "").statusCode(404).body("type", endsWith("/unknown-table"));
        given().contentType("application/json").body("{}").when().post("/tables/jobs/backups/import")
                .then().statusCode(415);
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void filesOverTheImportLimitAre413(boolean declareLength) throws Exception {
        long over = 40L * 1024 * 1024 + 1; // %test.hireflow.backup.import-max-size=40M
        HttpResponse<String> answer = LargeBodies.post("/tables/employees/backups/import", AVRO,
                LargeBodies.bytes(over, (byte) 'x'), over, declareLength);
        assertEquals(413, answer.statusCode(), answer.body());
        assertNothingStored();
    }

    @Test
    void filesOverTheGeneralLimitButUnderTheImportLimitAreTaken() throws Exception {
        long size = 3L * 1024 * 1024; // over hireflow.limits.max-body-size (2M): the import route is not held to it
        HttpResponse<String> answer = LargeBodies.post("/tables/employees/backups/import", AVRO,
                LargeBodies.bytes(size, (byte) 'x'), size, true);
        assertEquals(422, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("not-avro"), answer.body());
    }

    private void assertNothingStored() throws IOException {
        for (Table table : Table.values()) {
            assertEquals(List.of(), fixtures.store().list(table), "no backup of " + table);
            assertEquals(List.of(), leftovers(table), "no temporary file of " + table);
        }
        assertEquals(0, db.count("employees"));
        assertTrue(fixtures.leftoverTables().isEmpty());
    }
}
