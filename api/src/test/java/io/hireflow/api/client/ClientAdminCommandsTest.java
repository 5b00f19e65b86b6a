package io.hireflow.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.HistoryFolder;
import io.hireflow.client.cli.ExitCode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's history, backup, restore and report commands against the real API and database. */
@QuarkusTest
class ClientAdminCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Database db;

    @TestHTTPResource("/")
    URL url;

    @BeforeEach
    void clean() throws IOException {
        db.clear();
        HistoryFolder.emptied();
    }

    @Test
    void loadsHistoryBacksUpRestoresAndReports() throws IOException {
        Files.writeString(HistoryFolder.DIR.resolve("departments.csv"), "1,Sales\n2,Support\n");
        Files.writeString(HistoryFolder.DIR.resolve("jobs.csv"), "1,Agent\n2,\n");
        Files.writeString(HistoryFolder.DIR.resolve("employees.csv"),
                "1,Ada,2021-02-01T10:00:00Z,1,1\n2,Bo,2021-05-01T10:00:00Z,2,1\n3,Cy,2021-13-01T10:00:00Z,2,1\n");

        ClientRun load = run("load-history", "--wait", "--json");
        assertEquals(ExitCode.REJECTED, load.exitCode(), load.toString());
        JsonNode status = JSON.readTree(load.out());
        assertEquals("SUCCEEDED", status.path("status").asText());
        assertEquals(2, status.path("tables").get(2).path("rowsInserted").asInt());
        assertEquals(2, db.count("employees"));

        ClientRun backup = run("backup", "--all", "--json");
        assertEquals(ExitCode.OK, backup.exitCode(), backup.toString());
        String employeesBackup = JSON.readTree(backup.out()).path("backups").get(2).path("id").asText();

        ClientRun verify = run("verify", "employees", employeesBackup, "--json");
        assertEquals(ExitCode.OK, verify.exitCode(), verify.toString());
        assertTrue(JSON.readTree(verify.out()).path("ok").asBoolean(), verify.out());

        db.update("DELETE FROM employees WHERE employee_id = 2");
        ClientRun rehearsal = run("restore", "employees", "--dry-run", "--json");
        assertEquals(ExitCode.OK, rehearsal.exitCode(), rehearsal.toString());
        assertEquals(1, db.count("employees"), "a dry run changes nothing");
        ClientRun restore = run("restore", "employees", "--backup", employeesBackup, "--json");
        assertEquals(ExitCode.OK, restore.exitCode(), restore.toString());
        assertTrue(JSON.readTree(restore.out()).path("digestMatches").asBoolean(), restore.out());
        assertEquals(2, db.count("employees"));

        ClientRun csv = run("report", "hires-by-quarter", "--year", "2021", "--format", "csv");
        assertEquals(ExitCode.OK, csv.exitCode(), csv.toString());
        List<String> lines = csv.out().lines().toList();
        assertEquals("department,job,q1,q2,q3,q4", lines.get(0));
        assertEquals(List.of("Sales,Agent,1,0,0,0", "Support,Agent,0,1,0,0"), lines.subList(1, 3));

        Path out = Files.createDirectories(Path.of("target/client-render"));
        ClientRun render = run("render", "--year", "2021", "--out", out.toString());
        assertEquals(ExitCode.OK, render.exitCode(), render.toString());
        for (String file : List.of("index.html", "hires-by-quarter.csv", "hires-by-quarter.png",
                "departments-above-mean.svg")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file + " downloaded");
        }
    }

    @Test
    void restoringAnUnknownBackupIsAOneLineErrorAndChangesNothing() {
        db.seedDepartmentsAndJobs(2, 2);
        ClientRun restore = run("restore", "jobs", "--backup", "20990101T000000000Z-ffff");
        assertEquals(ExitCode.ERROR, restore.exitCode(), restore.toString());
        assertEquals(1, restore.err().lines().filter(l -> l.startsWith("hireflow: ")).count(), restore.err());
        assertTrue(restore.err().contains("20990101T000000000Z-ffff"), restore.err());
        assertEquals(2, db.count("jobs"));
    }

    private ClientRun run(String... args) {
        return ClientRun.run(url.toString(), args);
    }
}
