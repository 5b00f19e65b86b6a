package io.hireflow.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.TestTokens;
import io.hireflow.client.cli.ExitCode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command-line client against the real API and database: batching, rejects, exit codes, failures. */
@QuarkusTest
class ClientCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WORK = Path.of("target/client-test");

    @Inject
    Database db;

    @TestHTTPResource("/")
    URL url;

    @BeforeEach
    void seed() throws IOException {
        db.clear();
        db.seedDepartmentsAndJobs(3, 3);
        Files.createDirectories(WORK);
    }

    @Test
    void postsA2500RowFileAsThreeBatchesAndAccountsForEveryRow() throws IOException {
        // Bad rows at known lines, one in each batch at least: 7 (batch 1), 1500 (2), 2400 and 2450 (3).
        Map<Integer, String> bad = Map.of(
                7, "7,Bad Date,2021-02-30T00:00:00Z,1,1",
                1500, "1500,Nowhere,2021-01-01T00:00:00Z,99,1",
                2400, "2400, ,2021-01-01T00:00:00Z,1,1",
                2450, "2,Repeat Of Line Two,2021-01-01T00:00:00Z,1,1");
        List<String> lines = new ArrayList<>();
        for (int line = 1; line <= 2500; line++) {
            lines.add(bad.getOrDefault(line, line + ",Person " + line + ",2021-0" + (1 + line % 9)
                    + "-15T10:00:00Z," + (1 + line % 3) + "," + (1 + line % 3)));
        }
        Path file = Files.write(WORK.resolve("employees-2500.csv"), lines);
        Path rejects = WORK.resolve("employees-2500.rejects.jsonl");
        Files.deleteIfExists(rejects);

        ClientRun run = ClientRun.run(url(), "post", "employees", file.toString(), "--json", "--rejects-file",
                rejects.toString());

        assertEquals(ExitCode.REJECTED, run.exitCode(), run.toString());
        JsonNode summary = JSON.readTree(run.out());
        assertEquals(3, summary.path("batches").asInt());
        assertEquals(2500, summary.path("sent").asLong());
        assertEquals(2496, summary.path("inserted").asLong());
        assertEquals(4, summary.path("rejected").asLong());
        assertEquals(2500, summary.path("inserted").asLong() + summary.path("rejected").asLong());
        assertEquals(2496, db.count("employees"));
        assertEquals(3, db.single("SELECT COUNT(DISTINCT origin) FROM rejected_rows WHERE source = 'batch'"),
                "three requests reached the API");
        assertEquals(Map.of("exists", 1L, "iso_instant", 1L, "not_blank", 1L, "unique", 1L),
                JSON.convertValue(summary.path("rejectedByRule"), new com.fasterxml.jackson.core.type.TypeReference<
                        TreeMap<String, Long>>() {
                }));

        List<JsonNode> written = readJsonLines(rejects);
        assertEquals(4, written.size());
        Map<Long, String> ruleByLine = new TreeMap<>();
        for (JsonNode reject : written) {
            assertEquals(file.toString(), reject.path("file").asText());
            ruleByLine.put(reject.path("line").asLong(), reject.path("errors").get(0).path("rule").asText());
        }
        assertEquals(Map.of(7L, "iso_instant", 1500L, "exists", 2400L, "not_blank", 2450L, "unique"), ruleByLine);
        assertEquals("2", written.get(3).path("row").path("employee_id").asText(), "the row as sent is kept");
    }

    @Test
    void exitsZeroWhenEveryRowIsInsertedAndPrintsASummary() throws IOException {
        Path file = Files.writeString(WORK.resolve("departments-ok.csv"), "10,Ten\n11,\"Eleven, Inc\"\n");

        ClientRun run = ClientRun.run(url(), "post", "departments", file.toString(), "--batch-size", "1");

        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        assertTrue(run.out().contains("Posted to departments: 1 file, 2 batches"), run.out());
        assertFalse(run.out().contains("Rejected"), run.out());
        assertEquals(5, db.count("departments"));
        assertEquals(1, db.count("departments WHERE department_name = 'Eleven, Inc'"));
    }

    @Test
    void atomicBatchesInsertNothingWhenOneRowIsBad() throws IOException {
        Path file = Files.writeString(WORK.resolve("jobs-atomic.json"), """
                [{"job_id": 20, "job_name": "Good"},
                 {"job_id": 21, "job_name": ""},
                 {"job_id": 22, "job_name": "Also good"}]
                """);

        ClientRun run = ClientRun.run(url(), "post", "jobs", file.toString(), "--atomic", "--json");

        assertEquals(ExitCode.REJECTED, run.exitCode(), run.toString());
        JsonNode summary = JSON.readTree(run.out());
        assertEquals(0, summary.path("inserted").asInt());
        assertEquals(1, summary.path("rejected").asInt());
        assertEquals(2, summary.path("notInserted").asInt());
        assertEquals(3, db.count("jobs"), "only the seeded jobs");
        JsonNode reject = readJsonLines(Path.of(summary.path("rejectsFile").asText())).get(0);
        assertEquals(2, reject.path("line").asInt(), "the JSON row starts on line 2");
        assertEquals("required", reject.path("errors").get(0).path("rule").asText(), "an empty name is missing");
    }

    @Test
    void problemAnswersAndBadArgumentsExitOneWithOneLine() throws IOException {
        Path file = Files.writeString(WORK.resolve("whatever.csv"), "1,One\n");

        ClientRun unknownTable = ClientRun.run(url(), "post", "payroll", file.toString());
        assertEquals(ExitCode.ERROR, unknownTable.exitCode(), unknownTable.toString());
        // Refused before any file is read: the client asks the API for the table's batch limit first.
        assertOneLineError(unknownTable, "There is no table 'payroll'");
        assertTrue(unknownTable.err().contains("(HTTP 404)"), unknownTable.err());

        ClientRun missingRow = ClientRun.run(url(), "get", "employees", "424242");
        assertEquals(ExitCode.ERROR, missingRow.exitCode(), missingRow.toString());
        assertOneLineError(missingRow, "Row not found: No row in employees has employee_id 424242 (HTTP 404)");

        ClientRun tooBig = ClientRun.run(url(), "post", "departments", file.toString(), "--batch-size", "1001");
        assertEquals(ExitCode.ERROR, tooBig.exitCode(), tooBig.toString());
        assertOneLineError(tooBig, "--batch-size must be between 1 and 1000");

        ClientRun noFile = ClientRun.run(url(), "post", "departments", WORK.resolve("absent.csv").toString());
        assertEquals(ExitCode.ERROR, noFile.exitCode(), noFile.toString());
        assertOneLineError(noFile, "No such file");

        ClientRun missingArgs = ClientRun.run(url(), "post", "departments");
        assertEquals(ExitCode.ERROR, missingArgs.exitCode(), missingArgs.toString());
        assertTrue(missingArgs.err().contains("Missing required parameter"), missingArgs.err());
        assertEquals(3, db.count("departments"), "nothing written by any of these");
    }

    @Test
    void saysOnceAndPlainlyWhenTheApiIsDown() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        ClientRun run = ClientRun.run("http://localhost:" + port, "tables", "--retries", "1");

        assertEquals(ExitCode.ERROR, run.exitCode(), run.toString());
        assertOneLineError(run, "Cannot reach the hireflow API at http://localhost:" + port);
        assertEquals("", run.out());
        assertFalse(run.err().contains("Exception"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void tablesAndGetPrintForPeopleAndAsJson() throws IOException {
        ClientRun tables = ClientRun.run(url(), "tables", "--json");
        assertEquals(ExitCode.OK, tables.exitCode(), tables.toString());
        JsonNode list = JSON.readTree(tables.out());
        assertEquals(List.of("departments", "jobs", "employees"),
                Stream.of(list.get(0), list.get(1), list.get(2)).map(t -> t.path("name").asText()).toList());
        assertEquals(3, list.get(0).path("rows").asInt());

        ClientRun human = ClientRun.run(url(), "tables");
        assertEquals(ExitCode.OK, human.exitCode(), human.toString());
        assertTrue(human.out().lines().anyMatch(l -> l.matches("departments\\s+3\\s+department_id INTEGER.*")),
                human.out());

        ClientRun row = ClientRun.run(url(), "get", "departments", "2", "--json");
        assertEquals(ExitCode.OK, row.exitCode(), row.toString());
        assertEquals("Department 2", JSON.readTree(row.out()).path("department_name").asText());

        ClientRun rowForPeople = ClientRun.run(url(), "get", "jobs", "3");
        assertEquals(ExitCode.OK, rowForPeople.exitCode(), rowForPeople.toString());
        assertTrue(rowForPeople.out().contains("job_name: Job 3"), rowForPeople.out());
    }

    @Test
    void theSampleNewRecordsShowEveryKindOfRejection() throws IOException {
        Path records = Path.of("../new_records");
        db.clear();
        db.seedDepartmentsAndJobs(12, 183);
        Set<String> rules = new TreeSet<>();
        for (String table : List.of("departments", "jobs", "employees")) {
            ClientRun run = ClientRun.run(url(), "post", table, records.resolve(table + ".csv").toString(), "--json");
            assertEquals(ExitCode.REJECTED, run.exitCode(), run.toString());
            JsonNode summary = JSON.readTree(run.out());
            assertTrue(summary.path("inserted").asInt() > 0, run.out());
            summary.path("rejectedByRule").fieldNames().forEachRemaining(rules::add);
        }
        assertTrue(rules.containsAll(Set.of("iso_instant", "not_blank", "exists", "unique")), rules.toString());
    }

    @Test
    void logsEachCommandAndItsResult() throws IOException {
        ClientRun run = ClientRun.run(url(), "get", "departments", "1", "--token", TestTokens.ADMIN);
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());

        String log;
        try (Stream<Path> files = Files.list(ClientRun.LOG_DIR)) {
            Path newest = files.filter(f -> f.getFileName().toString().matches("client-\\d{8}-\\d{6}\\.log"))
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified())).orElseThrow();
            log = Files.readString(newest);
        }
        assertTrue(log.contains("command: hireflow --api-url " + url() + " --log-dir " + ClientRun.LOG_DIR
                + " get departments 1 --token ****"), log);
        assertTrue(log.contains("result: exit 0 - departments 1 found"), log);
        assertFalse(log.contains(TestTokens.ADMIN), log);
    }

    private String url() {
        return url.toString();
    }

    private static void assertOneLineError(ClientRun run, String expected) {
        List<String> errors = run.err().lines().filter(l -> l.startsWith("hireflow: ")).toList();
        assertEquals(1, errors.size(), run.toString());
        assertTrue(errors.get(0).contains(expected), run.toString());
    }

    private static List<JsonNode> readJsonLines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }
}
