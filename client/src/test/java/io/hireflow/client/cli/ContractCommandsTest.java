package io.hireflow.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The commands whose endpoints other parts of the API provide (history loads, backups, reports), run
 * against a small server that answers exactly as the API contracts say. The real API is exercised by
 * the api module's client tests.
 */
class ContractCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger statusCalls = new AtomicInteger();
    private final List<String> requests = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void loadHistoryWaitsForTheEndAndExitsTwoWhenRowsWereRejected() throws IOException {
        Run run = run("load-history", "--wait", "--poll", "0.05", "--tables", "departments,jobs", "--max-rejects",
                "10", "--json");

        assertEquals(ExitCode.REJECTED, run.code, run.toString());
        assertEquals("POST /history/loads {\"tables\":[\"departments\",\"jobs\"],\"dryRun\":false,\"maxRejects\":10}",
                requests.get(0));
        assertTrue(statusCalls.get() >= 2, "followed the Location until the load ended");
        JsonNode status = JSON.readTree(run.out);
        assertEquals("SUCCEEDED", status.path("status").asText());
    }

    @Test
    void loadHistoryForPeoplePrintsThePerTableSummary() {
        Run run = run("load-history", "--wait", "--poll", "0.05");

        assertEquals(ExitCode.REJECTED, run.code, run.toString());
        assertTrue(run.out.contains("History load 7: SUCCEEDED"), run.out);
        assertTrue(run.out.lines().anyMatch(l -> l.matches("departments\\s+departments.csv\\s+LOADED\\s+12\\s+11\\s+1.*")),
                run.out);
        assertTrue(run.out.contains("Rejected in departments: unique 1"), run.out);
    }

    @Test
    void renderDownloadsEveryListedFileIntoOut() throws IOException {
        Path out = dir.resolve("deliverables");

        Run run = run("render", "--year", "2021", "--out", out.toString());

        assertEquals(ExitCode.OK, run.code, run.toString());
        assertEquals("department,job,q1,q2,q3,q4\nSales,Rep,1,0,0,2\n",
                Files.readString(out.resolve("hires-by-quarter.csv")));
        assertEquals("<html>report</html>", Files.readString(out.resolve("index.html")));
        assertFalse(Files.exists(dir.resolve("escaped.txt")), "a file name cannot leave --out");
        assertTrue(Files.exists(out.resolve("escaped.txt")));
        assertTrue(run.out.contains("hires-by-quarter.csv"), run.out);
    }

    @Test
    void reportPrintsATableCsvOrJson() throws IOException {
        Run table = run("report", "hires-by-quarter");
        assertEquals(ExitCode.OK, table.code, table.toString());
        assertTrue(table.out.startsWith("hires-by-quarter 2021: 1 row\n"), table.out);
        assertTrue(table.out.lines().anyMatch(l -> l.matches("Sales\\s+Rep\\s+1\\s+0\\s+0\\s+2")), table.out);

        Run csv = run("report", "hires-by-quarter", "--format", "csv");
        assertEquals("department,job,q1,q2,q3,q4\nSales,Rep,1,0,0,2\n", csv.out);

        Run json = run("report", "hires-by-quarter", "--json");
        assertEquals(2, JSON.readTree(json.out).path("rows").get(0).path("q4").asInt());
    }

    @Test
    void backupVerifyAndRestoreFollowTheContracts() throws IOException {
        Run all = run("backup", "--all", "--json");
        assertEquals(ExitCode.OK, all.code, all.toString());
        assertEquals("set-1", JSON.readTree(all.out).path("setId").asText());

        Run list = run("backups", "employees");
        assertTrue(list.out.contains("b-2"), list.out);

        Run bad = run("verify", "employees", "b-2");
        assertEquals(ExitCode.ERROR, bad.code, "a backup that is not sound fails the command");

        Run restore = run("restore", "employees", "--dry-run", "--json");
        assertEquals(ExitCode.OK, restore.code, restore.toString());
        assertTrue(requests.contains("POST /tables/employees/restore?dryRun=true {\"backup\":\"latest\"}"),
                requests.toString());

        Run neither = run("backup");
        assertEquals(ExitCode.ERROR, neither.code);
    }

    @Test
    void aDryRunRestorePrintsOnlyWhatMeansSomething() {
        Run dryRun = run("restore", "employees", "--dry-run");

        assertEquals(ExitCode.OK, dryRun.code, dryRun.toString());
        assertEquals("""
                Dry run: employees can be restored from backup b-2; every check passed, nothing was changed.
                rows in the backup: 10 (the live table has 12 now)
                content digest:     6fb6bf7100e47063
                took:               0.30 s
                """, dryRun.out);
        for (String line : dryRun.out.lines().toList()) {
            assertTrue(!line.endsWith(":") && !line.endsWith(": "), "a label without a value: " + line);
        }
        assertFalse(dryRun.out.contains("schemaResolved") || dryRun.out.contains("digestMatches"), dryRun.out);
    }

    @Test
    void aRestoreSaysWhetherTheLiveTableMatchesTheBackupAndWhenTheSchemaWasResolved() {
        Run restore = run("restore", "jobs");

        assertEquals(ExitCode.OK, restore.code, restore.toString());
        assertTrue(restore.out.startsWith("Restored jobs from backup b-9.\n"), restore.out);
        assertTrue(restore.out.contains("rows:           4 (the table had 3 before)"), restore.out);
        assertTrue(restore.out.contains("content digest: 00aa (the live table matches the backup)"), restore.out);
        assertTrue(restore.out.contains("schema:         written with an older, compatible schema"), restore.out);
    }

    @Test
    void backupAndRestoreTakeATableOrTheirManyTablesOptionNotBothOrNeither() {
        for (String[] args : List.of(new String[] {"backup"}, new String[] {"backup", "jobs", "--all"},
                new String[] {"restore"}, new String[] {"restore", "jobs", "--set", "s1"})) {
            Run run = run(args);

            assertEquals(ExitCode.ERROR, run.code, run.toString());
            String option = args[0].equals("backup") ? "--all" : "--set SET_ID";
            assertTrue(run.err.contains("Name a TABLE or give " + option + ", not both or neither"), run.err);
            assertEquals("", run.out);
        }
        assertEquals(List.of(), requests, "nothing sent");
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = exchange.getRequestURI().toString();
        requests.add(exchange.getRequestMethod() + " " + target + (body.isEmpty() ? "" : " " + body));
        String path = exchange.getRequestURI().getPath();
        switch (exchange.getRequestMethod() + " " + path) {
            case "POST /history/loads" -> {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1/history/loads/7");
                reply(exchange, 202, "application/json", load("RUNNING", "RUNNING", 0));
            }
            case "GET /history/loads/7" -> reply(exchange, 200, "application/json",
                    statusCalls.incrementAndGet() < 2 ? load("RUNNING", "RUNNING", 500) : load("SUCCEEDED", "LOADED", 12));
            case "POST /reports/render" -> reply(exchange, 201, "application/json", """
                    {"year":2021,"directory":"/shared/deliverables","files":[
                     {"name":"hires-by-quarter.csv","bytes":40,"url":"/reports/deliverables/hires-by-quarter.csv"},
                     {"name":"index.html","bytes":19,"url":"/reports/deliverables/index.html"},
                     {"name":"../escaped.txt","bytes":2,"url":"/reports/deliverables/escaped.txt"}]}""");
            case "GET /reports/deliverables/hires-by-quarter.csv", "GET /reports/hires-by-quarter" -> {
                if (path.startsWith("/reports/deliverables") || exchange.getRequestHeaders().getFirst("Accept")
                        .startsWith("text/csv")) {
                    reply(exchange, 200, "text/csv", "department,job,q1,q2,q3,q4\nSales,Rep,1,0,0,2\n");
                } else {
                    reply(exchange, 200, "application/json", """
                            {"report":"hires-by-quarter","year":2021,"generatedAt":"2026-11-21T09:00:00Z","rowCount":1,
                             "rows":[{"department":"Sales","job":"Rep","q1":1,"q2":0,"q3":0,"q4":2}]}""");
                }
            }
            case "GET /reports/deliverables/index.html" -> reply(exchange, 200, "text/html", "<html>report</html>");
            case "GET /reports/deliverables/escaped.txt" -> reply(exchange, 200, "text/plain", "no");
            case "POST /backups" -> reply(exchange, 201, "application/json", """
                    {"setId":"set-1","createdAt":"2026-11-21T09:00:00Z","backups":[""" + backup("b-1") + "]}");
            case "GET /tables/employees/backups" -> reply(exchange, 200, "application/json",
                    "[" + backup("b-2") + "," + backup("b-1") + "]");
            case "POST /tables/employees/backups/b-2/verify" -> reply(exchange, 200, "application/json",
                    "{\"id\":\"b-2\",\"table\":\"employees\",\"ok\":false,\"rows\":10}");
            case "POST /tables/employees/restore" -> reply(exchange, 200, "application/json", """
                    {"table":"employees","backup":"b-2","rows":10,"rowsBefore":12,"seconds":0.302,"dryRun":true,
                     "digestMatches":null,"contentDigest":"6fb6bf7100e47063","schemaResolved":false}""");
            case "POST /tables/jobs/restore" -> reply(exchange, 200, "application/json", """
                    {"table":"jobs","backup":"b-9","rows":4,"rowsBefore":3,"seconds":0.1,"dryRun":false,
                     "digestMatches":true,"contentDigest":"00aa","schemaResolved":true}""");
            default -> reply(exchange, 404, "application/problem+json",
                    "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"No endpoint at " + path + "\"}");
        }
    }

    private static String load(String status, String tableStatus, int read) {
        return """
                {"id":7,"status":"%s","dryRun":false,"createdAt":"2026-11-21T09:00:00Z","finishedAt":null,
                 "tables":[{"table":"departments","file":"departments.csv","checksum":"abc","status":"%s",
                   "rowsRead":%d,"rowsInserted":%d,"rowsRejected":%d,"rejectedByRule":%s,"seconds":0.2,
                   "rowsPerSecond":60.0,"message":null}]}""".formatted(status, tableStatus, read,
                Math.max(0, read - 1), read > 0 ? 1 : 0, read > 0 ? "{\"unique\":1}" : "{}");
    }

    private static String backup(String id) {
        return "{\"id\":\"" + id + "\",\"table\":\"employees\",\"rows\":10,\"bytes\":512,\"codec\":\"zstandard\","
                + "\"sha256\":\"00\",\"schemaFingerprint\":\"ff\",\"createdAt\":\"2026-11-21T09:00:00Z\","
                + "\"file\":\"employees-" + id + ".avro\"}";
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of("--api-url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "--log-dir", dir.resolve("logs").toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = HireflowCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return new Run(command.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n" + out + "\n" + err;
        }
    }
}
