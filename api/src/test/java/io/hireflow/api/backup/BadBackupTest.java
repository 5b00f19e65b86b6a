package io.hireflow.api.backup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hireflow.api.dictionary.Table;
import io.hireflow.api.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every bad input of the backup endpoints: a clear problem answer, and nothing changed. */
@QuarkusTest
class BadBackupTest {

    @Inject
    Database db;

    @Inject
    BackupFixtures fixtures;

    private List<String> employeesBefore;
    private List<String> departmentsBefore;

    @BeforeEach
    void seed() {
        db.clear();
        fixtures.clearBackups();
        db.seedDepartmentsAndJobs(3, 3);
        fixtures.seedEmployees(1, 5000, 3, 3);
        employeesBefore = fixtures.content(Table.EMPLOYEES);
        departmentsBefore = fixtures.content(Table.DEPARTMENTS);
    }

    @AfterEach
    void nothingChanged() {
        assertEquals(employeesBefore, fixtures.content(Table.EMPLOYEES), "employees must be unchanged");
        assertEquals(departmentsBefore, fixtures.content(Table.DEPARTMENTS), "departments must be unchanged");
        assertEquals(List.of(), fixtures.leftoverTables(), "no staging table may be left behind");
    }

    static ValidatableResponse restore(String table, String backup) {
        return given().contentType(ContentType.JSON).body("{\"backup\":\"" + backup + "\"}")
                .when().post("/tables/" + table + "/restore")
                .then().log().ifValidationFails().contentType("application/problem+json");
    }

    static String backup() {
        return given().when().post("/tables/employees/backups").then().statusCode(201).extract().path("id");
    }

    @Test
    void unknownTable() {
        given().when().post("/tables/salaries/backups").then().statusCode(404)
                .body("type", endsWith("/unknown-table")).body("knownTables", hasItems("employees"));
        given().when().get("/tables/salaries/backups").then().statusCode(404);
        restore("salaries", "latest").statusCode(404).body("type", endsWith("/unknown-table"));
    }

    @Test
    void noBackupYet() {
        restore("employees", "latest").statusCode(404).body("type", endsWith("/no-backup"))
                .body("detail", containsString("POST /tables/employees/backups"));
    }

    @Test
    void unknownBackupId() {
        backup();
        restore("employees", "20200101T000000000Z-abcd").statusCode(404).body("type", endsWith("/unknown-backup"));
        given().when().get("/tables/employees/backups/20200101T000000000Z-abcd").then().statusCode(404);
        given().when().post("/tables/employees/backups/20200101T000000000Z-abcd/verify").then().statusCode(404);
    }

    @Test
    void idsThatTryToEscapeTheBackupFolder() {
        backup();
        for (String id : List.of("../../etc/passwd", "..", "../departments/x", "/etc/passwd", "latest/../../x")) {
            restore("employees", id).statusCode(400).body("type", endsWith("/invalid-backup-id"));
        }
        given().urlEncodingEnabled(false).when().get("/tables/employees/backups/..%2F..%2Fetc%2Fpasswd")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(404)))
                .body(not(containsString("root:")));
        given().urlEncodingEnabled(false).when().get("/tables/employees/backups/..%2F..%2Fetc%2Fpasswd/file")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(404)))
                .body(not(containsString("root:")));
        given().when().get("/tables/employees/backups/..passwd/file").then().statusCode(400)
                .body("type", endsWith("/invalid-backup-id"));
        given().contentType(ContentType.JSON).body("{}").when().post("/tables/employees/restore")
                .then().statusCode(400).body("type", endsWith("/missing-backup"));
    }

    @Test
    void checksumMismatch() throws IOException {
        String id = backup();
        Path file = fixtures.file(Table.EMPLOYEES, id);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
        restore("employees", id).statusCode(422).body("type", endsWith("/checksum-mismatch"))
                .body("detail", containsString("Nothing was changed"));
        given().when().post("/tables/employees/backups/" + id + "/verify").then().statusCode(422)
                .body("type", endsWith("/checksum-mismatch"));
    }

    @Test
    void missingChecksumFile() throws IOException {
        String id = backup();
        Path file = fixtures.file(Table.EMPLOYEES, id);
        Files.delete(file.resolveSibling(file.getFileName() + ".sha256"));
        restore("employees", id).statusCode(422).body("type", endsWith("/checksum-missing"));
    }

    @Test
    void truncatedFile() throws IOException {
        String id = backup();
        Path file = fixtures.file(Table.EMPLOYEES, id);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length * 2 / 3));
        // With the recorded checksum, the checksum catches it first...
        restore("employees", id).statusCode(422).body("type", endsWith("/checksum-mismatch"));
        // ...and with a checksum recomputed over the damaged bytes, the decoder and the row count still do.
        BackupMetadata backup = fixtures.store().find(Table.EMPLOYEES, id).orElseThrow();
        fixtures.rewriteWithMatchingChecksum(Table.EMPLOYEES, backup, Arrays.copyOf(bytes, bytes.length * 2 / 3));
        restore("employees", id).statusCode(422)
                .body("type", org.hamcrest.Matchers.anyOf(endsWith("/corrupt-backup"), endsWith("/row-count-mismatch")));
        given().when().post("/tables/employees/backups/" + id + "/verify").then().statusCode(422);
    }

    @Test
    void headerOnlyFragment() throws IOException {
        String id = backup();
        BackupMetadata backup = fixtures.store().find(Table.EMPLOYEES, id).orElseThrow();
        fixtures.rewriteWithMatchingChecksum(Table.EMPLOYEES, backup, Arrays.copyOf(
                Files.readAllBytes(fixtures.file(Table.EMPLOYEES, id)), 10));
        restore("employees", id).statusCode(422).body("type", endsWith("/corrupt-backup"));
    }

    @Test
    void corruptedBlockHalfWayThroughTheRestore() throws IOException {
        String id = backup();
        Path file = fixtures.file(Table.EMPLOYEES, id);
        byte[] bytes = Files.readAllBytes(file);
        for (int i = bytes.length * 3 / 4; i < bytes.length * 3 / 4 + 64; i++) {
            bytes[i] ^= (byte) 0xa5;
        }
        BackupMetadata backup = fixtures.store().find(Table.EMPLOYEES, id).orElseThrow();
        fixtures.rewriteWithMatchingChecksum(Table.EMPLOYEES, backup, bytes);
        // The first blocks load into staging before the damage is met: the live table must not notice.
        restore("employees", id).statusCode(422).body("type", org.hamcrest.Matchers.anyOf(endsWith("/corrupt-backup"),
                endsWith("/invalid-rows"), endsWith("/digest-mismatch"), endsWith("/row-count-mismatch")));
        given().when().post("/tables/employees/backups/" + id + "/verify").then().statusCode(422);
    }

    @Test
    void fileWhoseSchemaDoesNotMatchTheTable() throws IOException {
        Schema other = SchemaBuilder.record("employees").namespace(BackupSchemas.NAMESPACE).fields()
                .requiredInt("employee_id").requiredString("employee_name").requiredString("hiring_date")
                .requiredInt("department_id").endRecord(); // hiring_date as text, job_id missing
        GenericRecord row = new GenericData.Record(other);
        row.put("employee_id", 1);
        row.put("employee_name", "Ada");
        row.put("hiring_date", "2021-07-27T16:02:08Z");
        row.put("department_id", 1);
        BackupMetadata planted = fixtures.plant(Table.EMPLOYEES, other, List.of(row));
        restore("employees", planted.id()).statusCode(422).body("type", endsWith("/schema-mismatch"))
                .body("incompatibilities.size()", org.hamcrest.Matchers.greaterThan(0));
        given().when().post("/tables/employees/backups/" + planted.id() + "/verify").then().statusCode(422)
                .body("type", endsWith("/schema-mismatch"));
    }

    @Test
    void backupOfAnotherTable() throws IOException {
        Schema jobs = BackupSchemas.of(Table.JOBS);
        GenericRecord row = new GenericData.Record(jobs);
        row.put("job_id", 1);
        row.put("job_name", "Job");
        BackupMetadata planted = fixtures.plant(Table.EMPLOYEES, jobs, List.of(row));
        restore("employees", planted.id()).statusCode(422).body("type", endsWith("/schema-mismatch"));
    }

    @Test
    void rowsThatBreakTheDictionary() throws IOException {
        Schema schema = BackupSchemas.of(Table.EMPLOYEES);
        List<GenericRecord> rows = new ArrayList<>();
        rows.add(employee(schema, 1, "Fine", Instant.parse("2021-07-27T16:02:08Z"), 1, 1));
        rows.add(employee(schema, 2, "  ", Instant.parse("2021-07-27T16:02:08Z"), 1, 1));
        rows.add(employee(schema, 1, "Repeat", Instant.parse("2021-07-27T16:02:08Z"), 1, 1));
        rows.add(employee(schema, -3, "Negative", Instant.parse("2021-07-27T16:02:08Z"), 99, 1));
        rows.add(employee(schema, 4, "x".repeat(201), Instant.parse("2021-07-27T16:02:08.5Z"), 1, 1));
        BackupMetadata planted = fixtures.plant(Table.EMPLOYEES, schema, rows);
        restore("employees", planted.id()).statusCode(422).body("type", endsWith("/invalid-rows"))
                .body("invalidRows", equalTo(4)).body("rowsRead", equalTo(5))
                .body("examples.index", org.hamcrest.Matchers.contains(1, 2, 3, 4))
                .body("examples[0].errors.rule", hasItem("not_blank"))
                .body("examples[1].errors.rule", hasItem("unique"))
                .body("examples[2].errors.rule", hasItems("positive", "exists"))
                .body("examples[3].errors.rule", hasItems("max_length", "iso_instant"))
                .body("examples[2].row.department_id", equalTo("99"));
        given().when().post("/tables/employees/backups/" + planted.id() + "/verify").then().statusCode(422)
                .body("type", endsWith("/invalid-rows"));
    }

    @Test
    void anIdRepeatedInTheOtherPartOfALargeFile() throws IOException {
        // Enough rows for many blocks: the restore reads the file in parts side by side, and the repeat
        // lands in another part than the first occurrence. The answer is the same as for a small file.
        Schema schema = BackupSchemas.of(Table.EMPLOYEES);
        List<GenericRecord> rows = new ArrayList<>();
        for (int id = 1; id <= 20_000; id++) {
            rows.add(employee(schema, id == 19_000 ? 7 : id, "Employee " + id, Instant.parse("2021-07-27T16:02:08Z"),
                    1, 1));
        }
        BackupMetadata planted = fixtures.plant(Table.EMPLOYEES, schema, rows);
        restore("employees", planted.id()).statusCode(422).body("type", endsWith("/invalid-rows"))
                .body("invalidRows", equalTo(1)).body("rowsRead", equalTo(20_000))
                .body("examples.index", org.hamcrest.Matchers.contains(18_999))
                .body("examples[0].errors.rule", hasItem("unique"))
                .body("examples[0].row.employee_id", equalTo("7"));
    }

    @Test
    void aCompatibleOlderSchemaStillRestores() throws IOException {
        // An older file with a field the dictionary has since dropped: Avro schema resolution skips it.
        Schema older = SchemaBuilder.record("employees").namespace(BackupSchemas.NAMESPACE).fields()
                .requiredInt("employee_id").requiredString("employee_name")
                .name("hiring_date").type(BackupSchemas.of(Table.EMPLOYEES).getField("hiring_date").schema()).noDefault()
                .requiredInt("department_id").requiredInt("job_id").requiredString("badge").endRecord();
        List<GenericRecord> rows = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            GenericRecord row = new GenericData.Record(older);
            row.put("employee_id", i);
            row.put("employee_name", "Old " + i);
            row.put("hiring_date", Instant.parse("2020-01-01T00:00:00Z").toEpochMilli());
            row.put("department_id", 1);
            row.put("job_id", 2);
            row.put("badge", "B" + i);
            rows.add(row);
        }
        BackupMetadata planted = fixtures.plant(Table.EMPLOYEES, older, rows);
        given().when().post("/tables/employees/backups/" + planted.id() + "/verify").then().statusCode(200)
                .body("ok", equalTo(true)).body("schemaResolved", equalTo(true));
        given().contentType(ContentType.JSON).body("{\"backup\":\"" + planted.id() + "\"}")
                .when().post("/tables/employees/restore?dryRun=true")
                .then().log().ifValidationFails().statusCode(200).body("rows", equalTo(3))
                .body("schemaResolved", equalTo(true));
    }

    static GenericRecord employee(Schema schema, int id, String name, Instant hired, int department, int job) {
        GenericRecord row = new GenericData.Record(schema);
        row.put("employee_id", id);
        row.put("employee_name", name);
        row.put("hiring_date", hired.toEpochMilli());
        row.put("department_id", department);
        row.put("job_id", job);
        return row;
    }
}
