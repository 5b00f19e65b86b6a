package io.hireflow.api.history;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hireflow.api.database.EmbeddedDatabase;
import io.hireflow.api.sample.HistoryGenerator;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The packaged API, a separate process, killed with SIGKILL at random points of a chunked history load
 * (several seeds), then started again and the load resumed: exactly the rows and the rejects of an
 * uninterrupted load every time, each reject once; and a file changed while the load was dead is refused
 * for resume. Unlike {@link ResumableLoadTest} (which kills the load's database connection inside the
 * test's API), nothing in the dying JVM gets to run: no rollback, no finally, no shutdown hook.
 *
 * <p>Runs after {@code package} ({@code ./mvnw verify}; alone: {@code ./mvnw -B verify -pl client,api
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * -Dit.test=KilledApiProcessIT}). The database is an
 * embedded MariaDB started by this JVM, so it outlives the API it serves. Ports: {@code -Dit.api-port},
 * {@code -Dit.db-port} (default: any free).
 */
class KilledApiProcessIT {

    private static final Path JAR = Path.of(System.getProperty("hireflow.api.jar", "target/quarkus-app/quarkus-run.jar"));
    private static final Path WORK = Path.of("target/killed-api");
    private static final String TOKEN = "killed-api-it-admin-token";
    private static final int ROWS = 60_000;
    private static final int CHUNK_ROWS = 2_000;
    private static final String EMPLOYEES = "{\"tables\":[\"employees\"],\"chunkRows\":" + CHUNK_ROWS + "}";
    private static final int SEEDS = 3;

    private Process api;
    private String base;
    private String jdbcUrl;

    @AfterEach
    void stopApi() throws InterruptedException {
        if (api != null && api.isAlive()) {
            api.destroy();
            if (!api.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                api.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aLoadWhoseApiProcessIsKilledAtRandomPointsResumesToExactlyTheRowsAndRejectsOfAWholeLoad() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(JAR), "skipped: no packaged API at " + JAR.toAbsolutePath()
                + " (this test runs after package: ./mvnw verify)");
        prepare();
        startApi();
        assertEquals("SUCCEEDED", awaitEnd(startLoad("{\"tables\":[\"departments\",\"jobs\"]}")).getString("status"));
        JsonPath whole = awaitEnd(startLoad(EMPLOYEES));
        assertEquals("LOADED", whole.getString("tables[0].status"), whole.prettify());
        String rows = single(EMPLOYEES_DIGEST);
        String rejects = rejectsDigest();
        long wholeRejects = whole.getLong("tables[0].rowsRejected");
        assertTrue(wholeRejects > 1000, "the file has flawed rows: " + wholeRejects);
        int chunks = ROWS / CHUNK_ROWS;

        for (long seed = 1; seed <= SEEDS; seed++) {
            String where = "seed " + seed;
            update("DELETE FROM employees", "DELETE FROM rejected_rows",
                    "DELETE FROM history_manifest WHERE table_name = 'employees'");
            Random random = new Random(seed);
            String killed = startLoad(EMPLOYEES);
            int afterChunks = random.nextInt(chunks * 9 / 10 + 1);
            while (count("history_chunks") < afterChunks && count("history_manifest WHERE table_name = 'employees'") == 0) {
                Thread.sleep(1);
            }
            Thread.sleep(random.nextInt(40)); // into a statement, between two, or at a commit
            api.destroyForcibly(); // SIGKILL
            api.waitFor();
            where += " (killed after " + count("history_chunks") + " committed chunks of " + chunks + ", load "
                    + killed + ")";

            long partial = count("employees");
            boolean finished = count("history_manifest WHERE table_name = 'employees'") > 0;
            if (!finished) {
                assertEquals(partial, number("SELECT COALESCE(SUM(rows_inserted), 0) FROM history_chunks"),
                        where + ": the rows in the table are exactly those of the committed chunks");
                assertEquals(count("rejected_rows WHERE table_name = 'employees'"),
                        number("SELECT COALESCE(SUM(rows_rejected), 0) FROM history_chunks"),
                        where + ": the rejects logged are exactly those of the committed chunks");
            }
            startApi();
            if (seed == SEEDS && !finished && partial > 0) {
                refusedWhileTheFileIsChanged(where, partial);
            }
            JsonPath resumed = awaitEnd(startLoad(EMPLOYEES));
            assertEquals("LOADED", resumed.getString("tables[0].status"), where + ": " + resumed.prettify());
            if (partial > 0 && !finished) {
                assertTrue(resumed.getString("tables[0].message").startsWith("resumed from line"),
                        where + ": " + resumed.getString("tables[0].message"));
            }
            assertEquals(rows, single(EMPLOYEES_DIGEST), where + ": the rows");
            assertEquals(rejects, rejectsDigest(), where + ": each reject once");
            assertEquals(whole.getLong("tables[0].rowsRead"), resumed.getLong("tables[0].rowsRead"), where);
            assertEquals(wholeRejects, resumed.getLong("tables[0].rowsRejected"), where);
            assertEquals(0, count("history_chunks"), where + ": a whole file forgets its chunks");
            assertEquals(0, count("history_deferred_indexes"), where + ": the index is back");
            assertEquals(1, count("information_schema.statistics WHERE table_schema = DATABASE() "
                    + "AND table_name = 'employees' AND index_name = 'employees_hiring' AND seq_in_index = 1"), where);
        }
    }

    /** A row appended to the file after the kill: the load refuses to resume and loads nothing; then it is put back. */
    private void refusedWhileTheFileIsChanged(String where, long partial) throws Exception {
        Path file = WORK.resolve("history/employees.csv");
        long size = Files.size(file);
        Files.writeString(file, "999999,Late Comer,2021-01-01T00:00:00Z,1,1\n", StandardOpenOption.APPEND);
        JsonPath refused = awaitEnd(startLoad(EMPLOYEES));
        assertEquals("FAILED", refused.getString("tables[0].status"), where + ": " + refused.prettify());
        String message = refused.getString("tables[0].message");
        assertTrue(message.contains("refused to resume: employees.csv changed since load"), message);
        assertEquals(partial, count("employees"), where + ": nothing of the changed file was loaded");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    // ---------------------------------------------------------------- the API process and its database

    private void prepare() throws Exception {
        if (Files.exists(WORK)) {
            try (Stream<Path> files = Files.walk(WORK)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(WORK.resolve("shared/secrets"));
        Files.writeString(WORK.resolve("shared/secrets/admin.token"), TOKEN + "\n");
        new HistoryGenerator(17, 0.05, 12, 183, ROWS).writeAll(Files.createDirectories(WORK.resolve("history")), 1);
        String external = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        jdbcUrl = external != null ? external
                : EmbeddedDatabase.startOnce(null, Integer.getInteger("it.db-port", 0))
                        .replace("/hireflow?", "/hireflow_killed_api?");
        if (external == null) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "root", null); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
        }
        int port = Integer.getInteger("it.api-port", 0);
        if (port == 0) {
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
        }
        base = "http://127.0.0.1:" + port;
    }

    /** Starts the packaged API and waits until it is ready; its leases live 10 s (not 30), so a dead one's expire soon. */
    private void startApi() throws Exception {
        Path log = WORK.resolve("api.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.putIfAbsent("QUARKUS_DATASOURCE_USERNAME", "root");
        env.put("QUARKUS_HTTP_PORT", base.substring(base.lastIndexOf(':') + 1));
        env.put("HIREFLOW_SHARED_DIR", WORK.resolve("shared").toAbsolutePath().toString());
        env.put("HIREFLOW_HISTORY_DIR", WORK.resolve("history").toAbsolutePath().toString());
        env.put("HIREFLOW_AUTH_TOKEN_FILES_ADMIN", WORK.resolve("shared/secrets/admin.token").toAbsolutePath().toString());
        env.put("HIREFLOW_HISTORY_LEASE_SECONDS", "10");
        api = builder.start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!api.isAlive()) {
                fail("the API exited with " + api.exitValue() + ":\n" + tail(log));
            }
            try {
                if (given().baseUri(base).get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (Exception notYet) { // REST Assured throws the checked ConnectException undeclared
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("the API was not ready within 120 s:\n" + tail(log));
    }

    private RequestSpecification admin() {
        return given().baseUri(base).header("Authorization", "Bearer " + TOKEN);
    }

    /** Starts a load; while the killed API's lease lives (10 s) the start answers 409 and is tried again. */
    private String startLoad(String body) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            Response answer = admin().contentType(ContentType.JSON).body(body).post("/history/loads");
            if (answer.statusCode() == 202) {
                return answer.path("id");
            }
            if (answer.statusCode() != 409 || System.currentTimeMillis() > deadline) {
                fail("POST /history/loads answered " + answer.statusCode() + ": " + answer.asString());
            }
            Thread.sleep(250);
        }
    }

    private JsonPath awaitEnd(String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            JsonPath status = admin().get("/history/loads/" + id).then().statusCode(200).extract().jsonPath();
            if (!"RUNNING".equals(status.getString("status"))) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("history load " + id + " still running after 120 s");
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    // ---------------------------------------------------------------- the database, read directly

    private static final String EMPLOYEES_DIGEST = "SELECT CONCAT(COUNT(*), '/', COALESCE(SUM(employee_id), 0), '/', "
            + "COALESCE(SUM(CRC32(CONCAT_WS('|', employee_id, employee_name, hiring_date, department_id, job_id))), 0)) "
            + "FROM employees";

    private String rejectsDigest() throws SQLException {
        assertEquals(0, number("SELECT COUNT(*) FROM (SELECT position FROM rejected_rows WHERE table_name = "
                + "'employees' GROUP BY position HAVING COUNT(*) > 1) twice"), "no reject logged twice");
        return single("SELECT CONCAT(COUNT(*), '/', COALESCE(SUM(position), 0), '/', COALESCE(SUM(CRC32(row_json)), 0)) "
                + "FROM rejected_rows WHERE table_name = 'employees'");
    }

    private long count(String from) throws SQLException {
        return number("SELECT COUNT(*) FROM " + from);
    }

    private long number(String sql) throws SQLException {
        return Long.parseLong(single(sql));
    }

    private String single(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void update(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.executeUpdate(sql);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, System.getenv().getOrDefault("QUARKUS_DATASOURCE_USERNAME", "root"),
                System.getenv("QUARKUS_DATASOURCE_PASSWORD"));
    }
}
