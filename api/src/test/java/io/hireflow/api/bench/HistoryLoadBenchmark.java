package io.hireflow.api.bench;

import static io.restassured.RestAssured.given;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * History-load and batch speed on 1M generated employees, in one run on the same database.
 * Not part of the suite; run it with:
 *
 * <pre>
 * ./mvnw -B test -pl client,api -Pbench -Dtest=HistoryLoadBenchmark
 * </pre>
 *
 * Results are printed and written to {@code target/bench/history-load.md}.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench", matches = "true")
class HistoryLoadBenchmark {

    private static final int EMPLOYEES = Integer.getInteger("bench.employees", 1_000_000);
    private static final int RUNS = Integer.getInteger("bench.runs", 3);

    @TestHTTPResource("/")
    URI api;

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
        report.append(String.format(Locale.ROOT, "%d employees (%.1f MB, 3%% flawed rows), max heap %d MB, %d runs after a warm-up, medians%n%n",
                EMPLOYEES, Files.size(employees) / 1e6, Runtime.getRuntime().maxMemory() >> 20, RUNS));

        JsonPath parents = awaitLoad("{\"tables\":[\"departments\",\"jobs\"]}");
        report.append("departments + jobs: ").append(parents.getString("status")).append("\n\n");

        double[] raw = new double[RUNS];
        double[] validated = new double[RUNS];
        long[] heap = new long[RUNS];
        // One warm-up of each path first (JIT, buffer pool), reported but not counted: the API is a
        // long-running service, and a cold first run measures the compiler, not the load.
        db.update("TRUNCATE TABLE employees");
        double warmRaw = EMPLOYEES / rawLoadSeconds(employees);
        db.update("TRUNCATE TABLE employees");
        JsonPath warm = awaitLoad("{\"tables\":[\"employees\"]}");
        report.append(String.format(Locale.ROOT, "warm-up (not counted): raw LOAD DATA %,.0f rows/s; validated %,.0f rows/s%n%n",
                warmRaw, warm.getDouble("tables[0].rowsRead") / warm.getDouble("tables[0].seconds")));
        for (int run = 0; run < RUNS; run++) {
            db.update("TRUNCATE TABLE employees");
            raw[run] = EMPLOYEES / rawLoadSeconds(employees);
            db.update("TRUNCATE TABLE employees");
            db.update("DELETE FROM history_manifest WHERE table_name = 'employees'");
            db.update("DELETE FROM rejected_rows");
            resetPeaks();
            JsonPath status = awaitLoad("{\"tables\":[\"employees\"]}");
            heap[run] = peakHeapBytes() >> 20;
            validated[run] = status.getDouble("tables[0].rowsRead") / status.getDouble("tables[0].seconds");
            report.append(String.format(Locale.ROOT, "run %d: raw LOAD DATA %,.0f rows/s; validated history load %,.0f rows/s "
                    + "(%s inserted, %s rejected), peak heap %d MB%n%n", run + 1, raw[run], validated[run],
                    status.getString("tables[0].rowsInserted"), status.getString("tables[0].rowsRejected"), heap[run]));
        }
        double rawMedian = median(raw);
        double validatedMedian = median(validated);
        report.append(String.format(Locale.ROOT, "| path | rows/s (median) |%n|---|---|%n| raw `LOAD DATA LOCAL INFILE` of the CSV, "
                + "no validation | %,.0f |%n| history load, every row validated | %,.0f (%.0f%% of raw) |%n%n",
                rawMedian, validatedMedian, 100 * validatedMedian / rawMedian));
        report.append(String.format(Locale.ROOT, "peak heap during the history load: %d MB (max %d MB)%n%n",
                Arrays.stream(heap).max().orElse(0), Runtime.getRuntime().maxMemory() >> 20));
        report.append(batches());
        Files.createDirectories(Path.of("target/bench"));
        Files.writeString(Path.of("target/bench/history-load.md"), report);
        System.out.println(report);
    }

    /**
     * 100 batches of 1000 new employees, one client (the JDK's HTTP client, as the CLI uses), one
     * after another, after 20 warm-up batches that are not counted.
     */
    private String batches() throws Exception {
        int warmUp = 20;
        int batches = 100;
        HttpClient http = HttpClient.newHttpClient();
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

    private double rawLoadSeconds(Path csv) throws Exception {
        long t = System.nanoTime();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                InputStream in = Files.newInputStream(csv)) {
            s.unwrap(JdbcStatement.class).setLocalInfileInputStream(in);
            s.execute("LOAD DATA LOCAL INFILE 'employees.csv' IGNORE INTO TABLE employees CHARACTER SET utf8mb4 "
                    + "FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\\n' "
                    + "(employee_id, employee_name, hiring_date, department_id, job_id)");
        }
        return (System.nanoTime() - t) / 1e9;
    }

    private static JsonPath awaitLoad(String body) throws InterruptedException {
        String id = given().contentType(ContentType.JSON).body(body).post("/history/loads")
                .then().statusCode(202).extract().path("id");
        return HistoryFolder.awaitEnd(id);
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
