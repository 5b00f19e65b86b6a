package io.hireflow.api.backup;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hireflow.api.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A downloaded backup is readable with nothing but Avro: the plain Java reader and the avro-tools CLI. */
@QuarkusTest
class BackupInteropTest {

    @Inject
    Database db;

    @Inject
    BackupFixtures fixtures;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void seed() {
        db.clear();
        fixtures.clearBackups();
        db.seedDepartmentsAndJobs(2, 2);
        fixtures.seedEmployees(1, 3, 2, 2);
        db.update("UPDATE employees SET employee_name = 'Zoë\t\"Tab\" \\\\ O''Neil' WHERE employee_id = 2");
    }

    private Path download(String table) throws IOException {
        String id = given().when().post("/tables/" + table + "/backups").then().statusCode(201).extract().path("id");
        byte[] body = given().when().get("/tables/" + table + "/backups/" + id + "/file").then().statusCode(200)
                .extract().asByteArray();
        Path file = Files.createTempFile(Files.createDirectories(Path.of("target/interop")), "backup-", ".avro");
        Files.write(file, body);
        return file;
    }

    @Test
    void plainGenericDatumReaderReadsSchemaMetadataAndRows() throws IOException {
        Path file = download("employees");
        List<GenericRecord> rows = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            Schema schema = reader.getSchema();
            assertEquals("io.hireflow.backup.employees", schema.getFullName());
            assertEquals(List.of("employee_id", "employee_name", "hiring_date", "department_id", "job_id"),
                    schema.getFields().stream().map(Schema.Field::name).toList());
            assertEquals(LogicalTypes.timestampMillis(), schema.getField("hiring_date").schema().getLogicalType());
            assertTrue(schema.getField("employee_name").doc().contains("at most 200 characters"));
            assertEquals("employees", reader.getMetaString("hireflow.table"));
            assertEquals("3", reader.getMetaString("hireflow.rows"));
            assertEquals("zstandard", reader.getMetaString("avro.codec"));
            Instant.parse(reader.getMetaString("hireflow.created-at"));
            assertTrue(reader.getMetaString("hireflow.app-version") != null);
            reader.forEach(rows::add);
        }
        assertEquals(3, rows.size());
        assertEquals(2, rows.get(1).get("employee_id"));
        assertEquals("Zoë\t\"Tab\" \\ O'Neil", rows.get(1).get("employee_name").toString());
        assertEquals(BackupFixtures.FIRST_HIRE.plusSeconds(2 * 3607L).toEpochMilli(), rows.get(1).get("hiring_date"));
    }

    @Test
    void avroToolsToJsonReadsIt() throws Exception {
        String jar = System.getProperty("avro-tools.jar");
        Assumptions.assumeTrue(jar != null && new File(jar).isFile(),
                "avro-tools.jar not found (it is copied to target/avro-tools by the Maven build); skipping");
        Path file = download("employees");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "tojson", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        List<JsonNode> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                rows.add(json.readTree(line));
            }
        }
        assertEquals(3, rows.size(), out);
        assertEquals("Zoë\t\"Tab\" \\ O'Neil", rows.get(1).get("employee_name").asText());
        assertEquals(BackupFixtures.FIRST_HIRE.plusSeconds(3607L).toEpochMilli(), rows.get(0).get("hiring_date").asLong());
        assertEquals(2, rows.get(0).get("department_id").asInt());
    }
}
