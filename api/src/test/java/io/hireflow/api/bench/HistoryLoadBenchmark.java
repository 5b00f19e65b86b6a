package io.hireflow.api.bench;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mysql.cj.jdbc.JdbcStatement;
import io.agroal.api.AgroalDataSource;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.sample.HistoryGenerator;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.HistoryFolder;
import io.hireflow.api.support.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * History-load speed in one run on the same database: the validated, chunked load against the best
 * raw path (LOAD DATA of the same file into an empty table, the secondary index dropped and built
 * after, as a restore does), chunk sizes, parallel chunks, a load killed at ~90% and resumed, the
 * populated-table choice, and batches. Not part of the suite; run it with:
 *
 * <pre>
 * ./mvnw -B test -pl client,api -Pbench -Dtest=HistoryLoadBenchmark [-Dbench.employees=10000000] [-Dbench.runs=3]
 * </pre>
 *
 * Results are printed and written to {@code target/bench/history-load.md}; the figures behind the
 * defaults are in docs/history-loads.md.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench", matches = "true")
class HistoryLoadBenchmark {

    private static final int EMPLOYEES = Integer.getInteger("bench.employees", 1_000_000);
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final String INDEX = "employees_hiring";
    /** Which parts to run (comma separated): ratio, chunks, kill, populated, batches; all by default. */
    private static final List<String> PARTS = List.of(System.getProperty("bench.parts",
            "ratio,chunks,kill,populated,batches").split(","));

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI api;
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    Database db;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void historyLoadAgainstRawLoadDataAndBatches() throws Exception {
        db.clear();
        HistoryFolder.emptied();
        // Clean parents, so that flawed employee rows are the employees' own flaws.
        HistoryGenerator generator = new HistoryGenerator(2021, 0, 12, 183, EMPLOYEES);
        generator.write(Table.DEPARTMENTS, HistoryFolder.DIR.resolve("departments.csv"), 1);
        generator.write(Table.JOBS, HistoryFolder.DIR.resolve("jobs.csv"), 1);
        new HistoryGenerator(2021, 0.03, 12, 183, EMPLOYEES)
                .write(Table.EMPLOYEES, HistoryFolder.DIR.resolve("employees.csv"), 1);
        Path employees = HistoryFolder.DIR.resolve("employees.csv");
        StringBuilder report = new StringBuilder("# History load benchmark\n\n");
        report.append(String.format(Locale.ROOT, "%d employees (%.1f MB, 3%% flawed rows), max heap %d MB, %d cores, "
                + "%d runs after a warm-up, medians; load average at start %.1f%n%n", EMPLOYEES,
                Files.size(employees) / 1e6, Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(), RUNS,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));

        JsonPath parents = awaitLoad("{\"tables\":[\"departments\",\"jobs\"]}");
        report.append("departments + jobs: ").append(parents.getString("status")).append("\n\n");

        // One warm-up of each path first (JIT, buffer pool), not counted: the API is a long-running service.
        rawSeconds(employees);
        validated("{\"tables\":[\"employees\"]}");
        double[] raw = new double[RUNS];
        double[] validated = new double[RUNS];
        long[] heap = new long[RUNS];
        double[][] rawCpu = new double[RUNS][];
        double[][] validatedCpu = new double[RUNS][];
        for (int run = 0; run < RUNS; run++) {
            double[] cpu = cpuSeconds();
            raw[run] = rawSeconds(employees);
            rawCpu[run] = since(cpu);
            resetPeaks();
            Map<String, Double> threads = threadCpuSeconds();
            cpu = cpuSeconds();
            JsonPath status = validated("{\"tables\":[\"employees\"]}");
            validatedCpu[run] = since(cpu);
            String byThread = threadCpuSince(threads);
            heap[run] = peakHeapBytes() >> 20;
            validated[run] = status.getDouble("tables[0].seconds");
            report.append(String.format(Locale.ROOT, "run %d: raw LOAD DATA + index %.2f s (CPU: server %.2f s, API "
                    + "%.2f s); validated history load %.2f s (CPU: server %.2f s, API %.2f s; %s inserted, %s rejected), "
                    + "peak heap %d MB, load average %.1f%n%n", run + 1, raw[run], rawCpu[run][0], rawCpu[run][1],
                    validated[run], validatedCpu[run][0], validatedCpu[run][1], status.getString("tables[0].rowsInserted"),
                    status.getString("tables[0].rowsRejected"), heap[run], loadAverage()));
            report.append("API CPU of the validated load by thread: ").append(byThread).append("\n\n");
        }
        double rawMedian = median(raw);
        double validatedMedian = median(validated);
        report.append(String.format(Locale.ROOT, "| path | seconds (median) | rows/s |%n|---|---|---|%n"
                + "| raw `LOAD DATA LOCAL INFILE` of the CSV into the empty table, index dropped and built after | "
                + "%.2f | %,.0f |%n| history load, every row validated, chunked (defaults) | %.2f | %,.0f (%.0f%% of raw) |%n%n",
                rawMedian, EMPLOYEES / rawMedian, validatedMedian, EMPLOYEES / validatedMedian,
                100 * rawMedian / validatedMedian));
        report.append(String.format(Locale.ROOT, "peak heap during the history load: %d MB (max %d MB)%n%n",
                Arrays.stream(heap).max().orElse(0), Runtime.getRuntime().maxMemory() >> 20));

        if (PARTS.contains("chunks")) {
            report.append("| chunk rows | parallel chunks | seconds | raw in between (s) | load average |\n|---|---|---|---|---|\n");
            for (int rows : new int[] {10_000, 20_000, 50_000}) {
                for (int parallel : new int[] {1, 2}) {
                    JsonPath status = validated("{\"tables\":[\"employees\"],\"chunkRows\":" + rows
                            + ",\"parallelChunks\":" + parallel + "}");
                    report.append(String.format(Locale.ROOT, "| %,d | %d | %.2f | %.2f | %.1f |%n", rows, parallel,
                            status.getDouble("tables[0].seconds"), rawSeconds(employees), loadAverage()));
                }
            }
            report.append('\n');
        }
        if (PARTS.contains("kill")) {
            report.append(killedAndResumed(validatedMedian));
        }
        if (PARTS.contains("populated")) {
            report.append(populated());
        }
        if (PARTS.contains("batches")) {
            report.append(batches());
        }
        Files.createDirectories(Path.of("target/bench"));
        Files.writeString(Path.of("target/bench/history-load.md"), report);
        System.out.println(report);
    }

    /** A load killed (its writer connection) once ~90% of the rows are committed, then resumed. */
    private String killedAndResumed(double fullSeconds) throws Exception {
        clearEmployees();
        String id = given().contentType(ContentType.JSON).body("{\"tables\":[\"employees\"]}").post("/history/loads")
                .then().statusCode(202).extract().path("id");
        long writer = 0;
        while (db.single("SELECT COALESCE(SUM(rows_read), 0) FROM history_chunks") < EMPLOYEES * 0.9) {
            writer = Math.max(writer, db.single("SELECT COALESCE(MAX(id), 0) FROM information_schema.processlist "
                    + "WHERE info LIKE 'LOAD DATA%employees%'"));
            Thread.sleep(5);
        }
        db.update("KILL " + writer);
        JsonPath killed = awaitEnd(id);
        long started = System.nanoTime();
        JsonPath resumed = awaitLoad("{\"tables\":[\"employees\"]}");
        double wall = (System.nanoTime() - started) / 1e9;
        // The API's own figure, as for the full load; the wall time adds the request and up to 200 ms of polling.
        double seconds = resumed.getDouble("tables[0].seconds");
        return String.format(Locale.ROOT, "killed at %s of %d rows read (%s), resumed (%s) in %.2f s = %.0f%% of a "
                + "full load's %.2f s (wall time from the request to the status read after its end: %.2f s = %.0f%%); "
                + "rows %d (a whole load: %s)%n%n", killed.getString("tables[0].rowsRead"), EMPLOYEES,
                killed.getString("tables[0].status"), resumed.getString("tables[0].message"), seconds,
                100 * seconds / fullSeconds, fullSeconds, wall, 100 * wall / fullSeconds, db.count("employees"),
                resumed.getString("tables[0].rowsInserted"));
    }

    /**
     * Into a populated table (half the file's rows in it): the other half loaded with the index in place,
     * against the same with the index dropped first and built after (what defer-indexes=always does).
     */
    private String populated() throws Exception {
        StringBuilder out = new StringBuilder("| into a table holding half the rows | seconds (load + index) |\n|---|---|\n");
        for (boolean defer : new boolean[] {false, true}) {
            validated("{\"tables\":[\"employees\"]}");
            db.update("DELETE FROM employees WHERE employee_id > " + EMPLOYEES / 2);
            db.update("DELETE FROM history_manifest WHERE table_name = 'employees'");
            long started = System.nanoTime();
            if (defer) {
                db.update("ALTER TABLE employees DROP INDEX " + INDEX);
            }
            JsonPath status = awaitLoad("{\"tables\":[\"employees\"]}");
            if (defer) {
                db.update("ALTER TABLE employees ADD INDEX " + INDEX + " (hiring_date, department_id, job_id)");
            }
            out.append(String.format(Locale.ROOT, "| %s (%s rows inserted) | %.2f |%n", defer ? "index dropped, built after"
                    : "index kept (default)", status.getString("tables[0].rowsInserted"), (System.nanoTime() - started) / 1e9));
        }
        return out.append('\n').toString();
    }

    /**
     * 100 batches of 1000 new employees, one client (the JDK's HTTP client, as the CLI uses), one
     * after another, after 20 warm-up batches that are not counted.
     */
    private String batches() throws Exception {
        int warmUp = 20;
        int batches = 100;
        List<Long> micros = new ArrayList<>();
        long started = 0;
        double[] serviceBefore = {0, 0};
        for (int b = 0; b < warmUp + batches; b++) {
            if (b == warmUp) {
                started = System.nanoTime();
                serviceBefore = serviceSeconds();
            }
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < 1000; i++) {
                int id = 5_000_000 + b * 1000 + i;
                body.append(i > 0 ? "," : "").append("{\"employee_id\":").append(id)
                        .append(",\"employee_name\":\"Batch Person ").append(id)
                        .append("\",\"hiring_date\":\"2021-05-01T10:00:00Z\",\"department_id\":")
                        .append(1 + i % 12).append(",\"job_id\":").append(1 + i % 183).append('}');
            }
            HttpRequest request = HttpRequest.newBuilder(api.resolve("tables/employees/rows"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                    .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString())).build();
            long t = System.nanoTime();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = (System.nanoTime() - t) / 1000;
            if (answer.statusCode() != 201) {
                throw new AssertionError("batch " + b + ": " + answer.statusCode() + " " + answer.body());
            }
            if (b >= warmUp) {
                micros.add(took);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] serviceAfter = serviceSeconds();
        micros.sort(null);
        return String.format(Locale.ROOT, "1000-row JSON batches, one client, %d batches: p50 %.1f ms, p95 %.1f ms, "
                + "%,.0f rows/s; of which in BatchService (check + write, mean): %.1f ms%n", batches,
                micros.get(batches / 2) / 1000.0, micros.get(batches * 95 / 100) / 1000.0, batches * 1000 / seconds,
                1000 * (serviceAfter[0] - serviceBefore[0]) / (serviceAfter[1] - serviceBefore[1]));
    }

    /** Sum and count of the hireflow.batch.latency timer for employees, from /q/metrics. */
    private static double[] serviceSeconds() {
        String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        double[] sumAndCount = new double[2];
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("hireflow_batch_latency_seconds_sum{table=\"employees\"")) {
                sumAndCount[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("hireflow_batch_latency_seconds_count{table=\"employees\"")) {
                sumAndCount[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sumAndCount;
    }

    /** The best raw path: LOAD DATA of the CSV into the empty table without its index, then the index built. */
    private double rawSeconds(Path csv) throws Exception {
        clearEmployees();
        long t = System.nanoTime();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                InputStream in = Files.newInputStream(csv)) {
            s.execute("ALTER TABLE employees DROP INDEX " + INDEX);
            s.unwrap(JdbcStatement.class).setLocalInfileInputStream(in);
            s.execute("LOAD DATA LOCAL INFILE 'employees.csv' IGNORE INTO TABLE employees CHARACTER SET utf8mb4 "
                    + "FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\\n' "
                    + "(employee_id, employee_name, hiring_date, department_id, job_id)");
            s.execute("ALTER TABLE employees ADD INDEX " + INDEX + " (hiring_date, department_id, job_id)");
        }
        return (System.nanoTime() - t) / 1e9;
    }

    private JsonPath validated(String body) throws Exception {
        clearEmployees();
        JsonPath status = awaitLoad(body);
        if (!"LOADED".equals(status.getString("tables[0].status"))) {
            throw new AssertionError("the load failed: " + status.prettify());
        }
        return status;
    }

    private void clearEmployees() {
        db.update("TRUNCATE TABLE employees");
        db.update("DELETE FROM history_manifest WHERE table_name = 'employees'");
        db.update("DELETE FROM history_chunks");
        db.update("DELETE FROM rejected_rows");
    }

    private JsonPath awaitLoad(String body) throws Exception {
        String id = given().contentType(ContentType.JSON).body(body).post("/history/loads")
                .then().statusCode(202).extract().path("id");
        return awaitEnd(id);
    }

    /**
     * Polls the load's status until it ends, every 200 ms with the JDK's HTTP client and Jackson: REST Assured's
     * JSON paths compile a Groovy script per read, and polling with them every 50 ms took about as much CPU as the
     * load's reader thread, in the API's JVM, on the load's two cores. The load's time is the API's own figure.
     */
    private JsonPath awaitEnd(String id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api.resolve("history/loads/" + id))
                .header("Authorization", TestTokens.bearer(TestTokens.ADMIN)).GET().build();
        long deadline = System.currentTimeMillis() + 1_800_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new AssertionError("status of load " + id + ": " + answer.statusCode() + " " + answer.body());
            }
            if (!"RUNNING".equals(JSON.readTree(answer.body()).path("status").asText())) {
                return JsonPath.from(answer.body());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("history load " + id + " still running after 30 minutes");
    }

    /**
     * CPU seconds used so far by the database server (from /proc, when it runs on this machine; NaN
     * otherwise) and by this JVM (the API): on a shared machine wall times move with the neighbours, CPU
     * seconds much less, so they say which side a path costs.
     */
    private double[] cpuSeconds() {
        double server = Double.NaN;
        try {
            String pid = Files.readString(Path.of(db.text("SELECT @@datadir")).resolve(db.text("SELECT @@pid_file")))
                    .trim();
            String[] stat = Files.readString(Path.of("/proc", pid, "stat")).split("\\) ", 2)[1].split(" ");
            server = (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0; // utime + stime, in 1/100 s
        } catch (Exception notLocal) {
            // an external server, or not Linux: the server's CPU is unknown
        }
        double api = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        return new double[] {server, api};
    }

    /**
     * CPU seconds of each of this JVM's threads so far, by name with digits dropped, from /proc (Linux): the JVM's
     * own threads (garbage collection, JIT compilers) included, which the JVM's thread beans do not show.
     */
    private static Map<String, Double> threadCpuSeconds() {
        Map<String, Double> seconds = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String[] stat = Files.readString(task.resolve("stat")).split("\\) ", 2)[1].split(" ");
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "N");
                    seconds.merge(name, (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0, Double::sum);
                } catch (IOException | RuntimeException ended) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException notLinux) {
            // no per-thread figures
        }
        return seconds;
    }

    /** "GC Thread#N 0.80 s, history-load 0.95 s, …": the threads that used 0.05 s or more since {@code before}. */
    private static String threadCpuSince(Map<String, Double> before) {
        Map<String, Double> now = threadCpuSeconds();
        now.replaceAll((name, s) -> s - before.getOrDefault(name, 0.0));
        return now.entrySet().stream().filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private double[] since(double[] before) {
        double[] now = cpuSeconds();
        return new double[] {now[0] - before[0], now[1] - before[1]};
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
