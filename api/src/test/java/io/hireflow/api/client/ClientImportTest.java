package io.hireflow.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hireflow.api.backup.IndependentAvro;
import io.hireflow.api.support.Database;
import io.hireflow.client.cli.ExitCode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code hireflow import} and {@code hireflow restore --file} with files written by Python's Avro. */
@QuarkusTest
class ClientImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Database db;

    @TestHTTPResource("/")
    URL url;

    @BeforeEach
    void clean() {
        db.clear();
        db.seedDepartmentsAndJobs(2, 2);
    }

    private ClientRun run(String... args) {
        return ClientRun.run(url.toString(), args);
    }

    @Test
    void importMakesABackupAndRestoreFileSwapsItIn() throws IOException {
        String file = IndependentAvro.file("spark-employees", "snappy", 25).toString();
        ClientRun dryRun = run("import", "employees", file, "--dry-run");
        assertEquals(ExitCode.OK, dryRun.exitCode(), dryRun.toString());
        assertTrue(dryRun.out().contains("nothing was stored"), dryRun.toString());
        assertTrue(dryRun.out().contains("timestamp-micros"), dryRun.toString());

        ClientRun imported = run("import", "employees", file, "--json", "--progress");
        assertEquals(ExitCode.OK, imported.exitCode(), imported.toString());
        JsonNode result = JSON.readTree(imported.out());
        assertEquals(25, result.path("backup").path("rows").asInt());
        assertTrue(imported.err().contains("MB"), "the progress bar counts megabytes: " + imported.err());
        assertEquals(0, db.count("employees"), "an import alone changes no table");

        ClientRun restored = run("restore", "employees", "--file", file);
        assertEquals(ExitCode.OK, restored.exitCode(), restored.toString());
        assertTrue(restored.out().contains("Restored employees from backup"), restored.toString());
        assertEquals(25, db.count("employees"));
        assertEquals("Employee 25", db.text("SELECT employee_name FROM employees WHERE employee_id = 25"));
    }

    @Test
    void aRefusedFileNamesItsFieldsOrRowsAndChangesNothing() {
        ClientRun unmappable = run("restore", "employees", "--file",
                IndependentAvro.file("missing-field", "null", 3).toString());
        assertEquals(ExitCode.ERROR, unmappable.exitCode(), unmappable.toString());
        assertTrue(unmappable.err().contains("job_id: the file has no field job_id"), unmappable.toString());

        ClientRun badRows = run("import", "employees", IndependentAvro.file("bad-rows", "snappy", 25).toString());
        assertEquals(ExitCode.ERROR, badRows.exitCode(), badRows.toString());
        assertTrue(badRows.err().contains("row 3 "), badRows.toString());
        assertTrue(badRows.err().contains("14 of 25 rows"), badRows.toString());
        assertEquals(0, db.count("employees"));

        ClientRun missing = run("import", "employees", "no-such-file.avro");
        assertEquals(ExitCode.ERROR, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("Cannot read no-such-file.avro"), missing.toString());
    }
}
